package engine

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/mrz"
)

// Verdict is the engine's conclusion about a document.
type Verdict string

// The verdicts.
const (
	Genuine         Verdict = "genuine"          // as the genuine model, within the calibrated risk
	Suspicious      Verdict = "suspicious"       // some checks failed: look closer
	Forged          Verdict = "forged"           // the checks show a forgery
	UnknownDocument Verdict = "unknown_document" // tied to no model of the library, or of a state that does not exist
	Unreadable      Verdict = "unreadable"       // neither an MRZ nor a specimen could be found
)

// Report is the result of checking a document: the "docverify check" JSON object.
type Report struct {
	Verdict    Verdict            `json:"verdict"`
	RiskScore  int                `json:"risk_score"` // 0–100
	Specimen   *SpecimenRef       `json:"specimen"`
	Document   *DocumentInfo      `json:"document"`
	MRZ        *detect.MRZReading `json:"mrz"`
	Fields     []vizmrz.Field     `json:"fields"`
	Checks     []detect.Finding   `json:"checks"`
	TopReasons []TopReason        `json:"top_reasons"`
	Capture    detect.Capture     `json:"capture"` // how the document was captured, as the image shows
	TimingsMs  map[string]float64 `json:"timings_ms"`
	Engine     EngineInfo         `json:"engine"`
}

// SpecimenRef names the specimen a document was identified as.
type SpecimenRef struct {
	ID         string  `json:"id"`
	Confidence float64 `json:"confidence"` // 0–1
}

// DocumentInfo is what the MRZ says the document is.
type DocumentInfo struct {
	mrz.Fields
	Format   string `json:"format"`
	Specimen bool   `json:"specimen"` // issued by Utopia, ICAO's specimen state
}

// TopReason is a check that contributed most to the risk, in plain words.
type TopReason struct {
	Check  string        `json:"check"`
	Reason detect.Reason `json:"reason"`
	Text   string        `json:"text"`
}

// EngineInfo identifies what produced a report.
type EngineInfo struct {
	Version            string `json:"version"`
	SpecimensVersion   string `json:"specimens_version"`
	CalibrationVersion string `json:"calibration_version"`
}
