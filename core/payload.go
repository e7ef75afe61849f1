package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// The event contract: every event type a terminal writes has one payload
// struct, named here once. The station's store builds its events from these
// structs (never from maps), the hub's feed hands them to the order system,
// and api/openapi.yaml describes each one; a test keeps the three in step.

// payloads maps each event type to (a zero value of) its payload struct.
// Every type in eventKinds must have one: TestEveryEventTypeHasAPayload
// fails otherwise.
var payloads = map[string]any{
	EventPickClaimed:      PickClaimed{},
	EventPickToteAssigned: PickToteAssigned{},
	EventPickBinConfirmed: PickBinConfirmed{},
	EventPickItemPicked:   PickItemPicked{},
	EventPickItemToted:    PickItemToted{},
	EventPickShort:        PickShort{},
	EventPickUndone:       PickUndone{},
	EventPickReleased:     PickReleased{},
	EventPickReassigned:   PickReassigned{},
	EventOrderPicked:      OrderPickedPayload{},
	EventStaffSignedIn:    StaffSignedIn{},
	EventStaffPINLocked:   StaffPINLocked{},
	EventStaffPINChanged:  PINChangedPayload{}, // pin.go; the feed serves it without the hash

	EventPackItemVerified:    PackItemVerified{},
	EventPackItemRemoved:     PackItemRemoved{},
	EventPackPackagesPlanned: PackPackagesPlanned{},
	EventPackPackageClosed:   PackPackageClosed{},
	EventOrderPacked:         OrderPackedPayload{},
	EventOrderShipped:        OrderShippedPayload{}, // dispatch.go

	EventCarrierLabelPrinted:      CarrierLabelPrinted{},
	EventCarrierLabelVoided:       CarrierLabelVoidedPayload{}, // carrier.go
	EventDispatchHandoverOpened:   DispatchHandoverPayload{},   // dispatch.go
	EventDispatchParcelScanned:    DispatchParcelPayload{},
	EventDispatchParcelUndone:     DispatchParcelPayload{},
	EventDispatchSplitAllowed:     DispatchSplitPayload{},
	EventDispatchHandoverClosed:   DispatchHandoverPayload{},
	EventDispatchHandoverReopened: DispatchHandoverPayload{},

	EventOrderStaged:           OrderStagedPayload{},
	EventOrderCollected:        OrderCollectedPayload{},
	EventOrderExpired:          OrderExpiredPayload{},
	EventPickupBagsTagged:      PickupBagsTagged{},
	EventPickupBagStaged:       PickupBagStaged{},
	EventPickupBagMoved:        PickupBagMoved{},
	EventPickupCustomerArrived: PickupCustomerArrived{},
	EventPickupCodeRejected:    PickupCodeRejected{},
	EventPickupLocked:          PickupLocked{},
	EventPickupUnlocked:        PickupUnlocked{},
	EventPickupVerified:        PickupVerified{},
	EventPickupBagHanded:       PickupBagHanded{},
	EventPickupItemRefused:     PickupItemRefused{},
	EventPickupRefundDue:       PickupRefundDue{},
	EventPickupAbandoned:       PickupAbandoned{},
	EventPickupRestocked:       PickupRestocked{},

	EventReturnUnexpected:    ReturnUnexpected{},
	EventReturnItemReceived:  ReturnItemReceived{},
	EventReturnItemFlagged:   ReturnItemFlagged{},
	EventReturnItemUndone:    ReturnItemUndone{},
	EventReturnItemInspected: ReturnItemInspected{},
	EventReturnOverride:      ReturnOverride{},
	EventReturnItemRestocked: ReturnItemRestocked{},
	EventReturnWeighed:       ReturnWeighed{},
	EventReturnHeld:          ReturnHeldPayload{},
	EventReturnReviewed:      ReturnReviewedPayload{},
	EventReturnRefund:        ReturnRefundDecided{},
	EventReturnRulesChanged:  ReturnRulesChanged{},

	EventExceptionResolved: ExceptionResolved{},
	EventUnsendable:        Unsendable{},
}

// PayloadType returns the payload struct type of an event type, and false
// for a type without one.
func PayloadType(typ string) (reflect.Type, bool) {
	p, ok := payloads[typ]
	if !ok {
		return nil, false
	}
	return reflect.TypeOf(p), true
}

// DecodePayload decodes an event's payload into a new value of its type's
// payload struct and returns it (a pointer, e.g. *PickItemPicked). Fields
// the struct does not know are an error: the payload must be what the
// contract says.
func DecodePayload(ev Event) (any, error) {
	t, ok := PayloadType(ev.Type)
	if !ok {
		return nil, fmt.Errorf("event %s: no payload type", ev.Type)
	}
	v := reflect.New(t)
	if err := decodeStrict(ev.Payload, v.Interface()); err != nil {
		return nil, fmt.Errorf("event %s payload: %w", ev.Type, err)
	}
	return v.Interface(), nil
}

func decodeStrict(body []byte, into any) error {
	if len(body) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}
