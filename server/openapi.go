package server

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openapiJSON is the API's description (OpenAPI 3.0), written first and kept true by tests that
// validate real responses against it. It is served at /openapi.json.
//
//go:embed openapi.json
var openapiJSON []byte

func serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/json", openapiJSON)
}
