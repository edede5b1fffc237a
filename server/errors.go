package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/store"
	"github.com/gin-gonic/gin"
)

// Error is an error with what a client may see of it: an HTTP status, a code from a fixed
// vocabulary and a public message. The cause, if any, is logged, never sent.
type Error struct {
	Status     int           // HTTP status
	Code       string        // machine-readable, e.g. "payload_too_large"
	Message    string        // for people; never internal text or personal data
	RetryAfter time.Duration // sent as Retry-After when positive
	cause      error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return e.Code + ": " + e.Message + ": " + e.cause.Error()
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.cause }

// The error codes of the API. Every error response is {"error": {"code", "message",
// "request_id"}} with one of these codes.
const (
	CodeBadRequest        = "bad_request"            // 400: the request cannot be read
	CodeMissingImage      = "missing_image"          // 400: no image part / field
	CodeEmptyImage        = "empty_image"            // 400: an image of zero bytes
	CodeUnauthorized      = "unauthorized"           // 401: no key, an unknown or a revoked key
	CodeForbidden         = "forbidden"              // 403: the key's role may not do this
	CodeNotFound          = "not_found"              // 404
	CodeMethodNotAllowed  = "method_not_allowed"     // 405
	CodePayloadTooLarge   = "payload_too_large"      // 413: body or image above the upload limit
	CodeUnsupportedType   = "unsupported_media_type" // 415: not multipart/JSON, or an image that is neither JPEG nor PNG
	CodeImageTooLarge     = "image_too_large"        // 422: too many pixels (from the header)
	CodeMalformedImage    = "malformed_image"        // 422: damaged or truncated image data
	CodeMultiFrame        = "multi_frame"            // 422: an animated image
	CodeImageMismatch     = "image_mismatch"         // 422: IR/UV image not on the visible image's pixel grid
	CodeRateLimited       = "rate_limited"           // 429: the key's rate limit
	CodeOverloaded        = "overloaded"             // 429: the queue is full
	CodeInternal          = "internal"               // 500: a bug; logged with the request id
	CodeNotReady          = "not_ready"              // 503: warming up or shutting down
	CodeTimeout           = "timeout"                // 503: the request's deadline passed
	CodeUnavailable       = "unavailable"            // 503: the store cannot be reached
	codeClientClosed      = "client_closed_request"  // 499: the client went away (logged, never seen)
	statusClientClosedReq = 499
)

// errorf makes a public error.
func errorf(status int, code, format string, a ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, a...)}
}

// withCause attaches an internal cause to a public error, for the log.
func (e *Error) withCause(err error) *Error { e.cause = err; return e }

// Sentinel conditions the handlers return; publicError maps them.
var (
	errNotReady = errors.New("server: not ready")
)

// publicError maps any error to what the client sees. It is the one place where internal
// errors become HTTP statuses and public messages.
func publicError(err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	if ie, ok := detect.IsImageError(err); ok {
		return imageError(ie).withCause(err)
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "the request body is larger than %d bytes", mbe.Limit).withCause(err)
	case errors.Is(err, engine.ErrInput):
		return errorf(http.StatusUnprocessableEntity, CodeImageMismatch, "the infrared and ultraviolet images must have the visible image's size and pixel grid").withCause(err)
	case errors.Is(err, errNotReady):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "the service is starting or stopping; try again shortly", RetryAfter: 2 * time.Second, cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: "the request took longer than the service allows; try again", RetryAfter: time.Second, cause: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: statusClientClosedReq, Code: codeClientClosed, Message: "the client closed the request", cause: err}
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "not found").withCause(err)
	}
	return errorf(http.StatusInternalServerError, CodeInternal, "internal error; quote the request id when reporting it").withCause(err)
}

// imageError maps the engine's image refusals.
func imageError(ie *detect.ImageError) *Error {
	switch ie.Kind {
	case "empty":
		return errorf(http.StatusBadRequest, CodeEmptyImage, "the image is empty (0 bytes)")
	case "too_large":
		return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "%s", ie.Msg)
	case "unsupported_type":
		return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedType, "only JPEG and PNG images are accepted (judged by content)")
	case "too_many_pixels":
		return errorf(http.StatusUnprocessableEntity, CodeImageTooLarge, "%s", ie.Msg)
	case "multi_frame":
		return errorf(http.StatusUnprocessableEntity, CodeMultiFrame, "animated images are refused: send a single frame")
	}
	return errorf(http.StatusUnprocessableEntity, CodeMalformedImage, "the image data is damaged or truncated")
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// fail answers a request with the public form of err and stops the handler chain. Server
// errors are logged with the request id and the cause; nothing internal reaches the client.
func (s *Server) fail(c *gin.Context, err error) {
	pe := publicError(err)
	rid := requestID(c)
	switch {
	case pe.Status >= 500:
		s.log.Error("request failed", "request_id", rid, "code", pe.Code, "error", logSafe(pe.cause))
	case pe.Code == CodeRateLimited || pe.Code == CodeOverloaded:
		s.metrics.rejected.WithLabelValues(pe.Code).Inc()
	}
	if pe.Code == CodeTimeout {
		s.metrics.rejected.WithLabelValues(pe.Code).Inc()
	}
	if pe.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(pe.RetryAfter.Seconds()))))
	}
	if pe.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="docverify"`)
	}
	c.Set(ctxErrorCode, pe.Code)
	if pe.Status == statusClientClosedReq {
		c.AbortWithStatus(pe.Status)
		return
	}
	writeJSON(c, pe.Status, errorBody{errorDetail{Code: pe.Code, Message: pe.Message, RequestID: rid}})
	c.Abort()
}

// logSafe is an error as logged: its text, which the packages that make errors keep free of
// personal data (image errors name sizes and formats, store errors ids).
func logSafe(err error) slog.Value {
	if err == nil {
		return slog.StringValue("")
	}
	return slog.StringValue(err.Error())
}
