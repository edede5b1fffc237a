// Package bench is the trainers' benchmark: it runs the detection pipeline (in process, or
// against a running service) over a labelled sample set and measures how well docverify catches
// each kind of forgery, how often it rejects genuine documents, how well it reads MRZs and how
// fast it is. Terms follow ISO/IEC 30107-3: forged samples are attack presentations, genuine
// ones bona fide presentations; APCER is the share of attacks accepted, BPCER the share of
// genuine documents rejected.
package bench
