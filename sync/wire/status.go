package wire

import (
	"net/http"

	"github.com/stationhand/stationhand/core"
)

// HTTPStatus returns the HTTP status that carries a domain error code.
func HTTPStatus(code string) int {
	switch code {
	case core.EINVALID:
		return http.StatusBadRequest
	case core.ENOTFOUND:
		return http.StatusNotFound
	case core.ECONFLICT:
		return http.StatusConflict
	case core.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case core.EFORBIDDEN:
		return http.StatusForbidden
	case core.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// ErrorCodeOf returns the domain error code for an HTTP status, for
// answers that carry no error body (a proxy's 502, say).
func ErrorCodeOf(status int) string {
	switch {
	case status == http.StatusBadRequest, status == http.StatusRequestEntityTooLarge, status == http.StatusUnsupportedMediaType:
		return core.EINVALID
	case status == http.StatusNotFound:
		return core.ENOTFOUND
	case status == http.StatusConflict:
		return core.ECONFLICT
	case status == http.StatusUnauthorized:
		return core.EUNAUTHORIZED
	case status == http.StatusForbidden:
		return core.EFORBIDDEN
	case status == http.StatusTooManyRequests, status >= 500:
		return core.EUNAVAILABLE
	default:
		return core.EINTERNAL
	}
}
