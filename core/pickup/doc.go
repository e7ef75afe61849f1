// Package pickup is the store pickup (BOPIS) workflow as pure state
// machines, in the manner of core/pick: given an order's pickup state and
// one scan or action, each decides what changes (an Effect) or why nothing
// may change (a core error). core/sqlite loads the state, asks, and commits
// the effect together with its outbox event.
//
// Three machines cover an order's life after picking:
//
//   - Staging: the picked items go into N bags; each bag gets a printed tag
//     (BagCode) and is scanned onto a hold shelf. When every bag is on a
//     shelf the order is staged: ready for pickup. Scanning a staged bag and
//     then another shelf moves it.
//   - Handoff: the customer is verified (pickup code, or a photo ID check of
//     the customer or of the alternate pickup person named on the order),
//     every bag is scanned out, refused items are noted, and the handoff is
//     recorded with who, when and how the customer was verified. Five wrong
//     codes lock the order until a supervisor releases it.
//   - Restock: refused items, and every item of an order not collected in
//     time (Overdue), are scanned back into bins.
//
// Codes: a bag tag carries "BAG-<order>-<n>" (see BagCode); a hold shelf is
// an ordinary bin whose zone is HoldZone, scanned by its "BIN-" label; the
// customer's pickup QR code carries "PU-<pickup code>" (scan.KindPickup).
package pickup
