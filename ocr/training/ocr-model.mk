# The project's Tesseract model for MRZ lines, ocr/tessdata/dvmrz.traineddata (see
# ocr/training/README.md). Included by the main Makefile, which provides deps, GO and
# OMP_THREAD_LIMIT=1.
#
#   make ocr-model        reproduce the model from scratch: line images, Tesseract training files,
#                         training (about 1 h 55 min on one core of this project's machine);
#                         a rerun resumes where a run stopped
#   make ocr-eval         measure it on the held-out lines against stock eng and, when
#                         $(DOCVERIFY_SHARED)/tessdata holds it, the third-party baseline;
#                         the tables go to ocr/training/eval/results.md
#   make ocr-model-clean  delete the work directory (images, checkpoints) to start over

OCR_WORK         ?= /tmp/ocr-train
OCR_EVAL_WORK    ?= /tmp/ocr-eval
OCR_EVAL_N       ?= 3000
OCR_JOBS         ?= $(shell nproc)
DOCVERIFY_SHARED ?= ../shared
OCR_BASELINE     := $(DOCVERIFY_SHARED)/tessdata/mrz.traineddata
OCR_STOCK        := /usr/share/tesseract-ocr/5/tessdata

.PHONY: ocr-model ocr-eval ocr-model-clean

ocr-model: deps
	OCR_WORK=$(OCR_WORK) OCR_JOBS=$(OCR_JOBS) OCR_EVAL_N=$(OCR_EVAL_N) bash ocr/training/train.sh

# The evaluation set is linegen's seed 2 (the one train.sh makes), made here when missing. The
# baseline is read from a copy in $(OCR_EVAL_WORK), never from the repository.
ocr-eval: deps
	@set -eo pipefail; \
	if [ ! -f $(OCR_WORK)/gt/eval/index.tsv ]; then \
		$(GO) run ./ocr/training/linegen -out $(OCR_WORK)/gt/eval -n $(OCR_EVAL_N) -seed 2 -box=false \
			-mix clean=1,moderate=1,heavy=1 -j $(OCR_JOBS); \
	fi; \
	models="-model dvmrz=ocr/tessdata"; \
	if [ -f $(OCR_BASELINE) ]; then \
		mkdir -p $(OCR_EVAL_WORK)/tessdata && cp $(OCR_BASELINE) $(OCR_EVAL_WORK)/tessdata/mrz.traineddata; \
		models="$$models -model mrz=$(OCR_EVAL_WORK)/tessdata"; \
	else echo "ocr-eval: no baseline at $(OCR_BASELINE), skipped"; fi; \
	models="$$models -model eng=$(OCR_STOCK)"; \
	for psm in 7 13; do \
		$(GO) run ./ocr/training/eval -data $(OCR_WORK)/gt/eval -psm $$psm $$models \
			-var tessedit_do_invert=0 -lines $(OCR_EVAL_WORK)/lines-psm$$psm.tsv; \
		echo; \
	done | tee ocr/training/eval/results.md

ocr-model-clean:
	rm -rf $(OCR_WORK)
