#!/usr/bin/env bash
# train.sh: trains dvmrz, docverify's Tesseract LSTM model for MRZ lines, from scratch.
#
# What it does, in a work directory outside the repository (OCR_WORK, /tmp/ocr-train):
#   1. gt      renders the line images and their ground truth with linegen: a training set
#              (seed 1), a validation set lstmtraining reports on (seed 3) and the held-out
#              evaluation set (seed 2), which training never sees;
#   2. lstmf   turns each training and validation image with its box file into Tesseract's
#              training format (`tesseract IMAGE BASE --psm 13 lstm.train`);
#   3. proto   builds the starter traineddata: the unicharset of the ground truth, its recoder,
#              no dictionaries, a config (combine_lang_model);
#   4. train   trains the network from scratch with lstmtraining (one thread), checkpoints in
#              OCR_WORK/ckpt; a rerun resumes from the last checkpoint;
#   5. anneal  goes on training at lower learning rates (OCR_ANNEAL), one phase after the other,
#              checkpoints in OCR_WORK/ckpt-1, ckpt-2, …;
#   6. finetune generates sample documents (docverify samples generate, seeds 5001–5003, 5006
#              and 5007), cuts their MRZ lines as the reader does (pipegen) and fine-tunes on
#              them (OCR_FT: five phases), checkpoints in OCR_WORK/ckpt-ft1 … ckpt-ft5;
#   7. model   writes the float and the integer model; the float one becomes
#              ocr/tessdata/dvmrz.traineddata (conversion to integer cost 4 points of character
#              accuracy on heavy lines and saves only 10% of the time).
# Each step leaves a stamp in OCR_WORK and is skipped when run again: delete OCR_WORK (make
# ocr-model-clean) to start over. The log of training is OCR_WORK/train.log.
#
# How to run, from the repository root: `make ocr-model`, or `bash ocr/training/train.sh`
# with the variables below in the environment. Needs Go and Debian's tesseract-ocr (which
# ships lstmtraining and the other training tools) with tesseract-ocr-eng (lstm.train runs
# with it; its weights are not used).
set -euo pipefail
cd "${OCR_ROOT:-$(dirname "$0")/../..}" # the repository root (set OCR_ROOT to run a copy of this script)

: "${OCR_WORK:=/tmp/ocr-train}"   # work directory (images, lstmf files, checkpoints)
: "${OCR_TRAIN_N:=24000}"         # training lines
: "${OCR_VALID_N:=300}"           # validation lines (lstmtraining's own evaluation)
: "${OCR_EVAL_N:=3000}"           # held-out evaluation lines (ocr-eval)
: "${OCR_ITERATIONS:=75500}"      # training iterations (one line each) at the first rate
: "${OCR_LEARNING_RATE:=0.002}"   # the first rate: tesstrain's for training from scratch
: "${OCR_ANNEAL:=0.0005:20000 0.0001:10000}" # then RATE:ITERATIONS phases, each from the last checkpoint
: "${OCR_NET_SPEC:=[1,24,0,1 Ct3,3,16 Mp3,3 Lfys48 Lbx96 O1c###]}" # ### = output classes
: "${OCR_JOBS:=$(nproc)}"         # processes for steps 1 and 2 (training itself uses one)
: "${OCR_MODEL:=ocr/tessdata/dvmrz.traineddata}"
: "${OCR_MODEL_TYPE:=float}"      # the model the project gets: float, or int (smaller; here less accurate)
: "${OCR_FT:=0.0005:8000:5001,5002 0.0005:14000:5001,5002,5003 0.0005:6000:acc,5003 0.0003:8000:5006,5007 0.0001:8000:5006,5007}" # fine-tuning phases: RATE:ITERATIONS:SETS (a seed: lines cut from that sample set; acc: rendered lines with national letters)

export OMP_THREAD_LIMIT=1 LC_ALL=C
W=$OCR_WORK
LANG_NAME=dvmrz
mkdir -p "$W"

step() { [ -e "$W/stamp.$1" ] && { echo "== $1: done before (delete $W/stamp.$1 to redo)"; return 1; }; echo "== $1"; }
done_step() { date -u +%FT%TZ > "$W/stamp.$1"; }
now() { date +%s; }

# 1. Line images and ground truth.
if step gt; then
	t=$(now)
	rm -rf "$W/gt"
	go build -o "$W/linegen" ./ocr/training/linegen
	"$W/linegen" -out "$W/gt/train" -n "$OCR_TRAIN_N" -seed 1 -j "$OCR_JOBS"
	"$W/linegen" -out "$W/gt/valid" -n "$OCR_VALID_N" -seed 3 -j "$OCR_JOBS"
	"$W/linegen" -out "$W/gt/eval" -n "$OCR_EVAL_N" -seed 2 -j "$OCR_JOBS" -box=false \
		-mix clean=1,moderate=1,heavy=1
	echo "gt: $(( $(now) - t )) s"
	done_step gt
fi

# 2. Tesseract's training files, one per line image.
if step lstmf; then
	t=$(now)
	for set in train valid; do
		find "$W/gt/$set" -name '*.png' | sort |
			xargs -P "$OCR_JOBS" -n 200 sh -c 'for f; do tesseract "$f" "${f%.png}" --psm 13 lstm.train >/dev/null 2>&1 || echo "lstmf: $f failed" >&2; done' sh
		find "$W/gt/$set" -name '*.lstmf' | sort > "$W/list.$set"
		want=$(find "$W/gt/$set" -name '*.png' | wc -l)
		got=$(wc -l < "$W/list.$set")
		[ "$got" -eq "$want" ] || { echo "lstmf: $set: $got training files for $want images" >&2; exit 1; }
	done
	echo "lstmf: $(( $(now) - t )) s"
	done_step lstmf
fi

# 3. The starter traineddata: unicharset, recoder, no dictionaries, and a config that turns
# off the second pass on inverted text (an MRZ is never white on black; the pass doubles the
# time of hard lines). combine_lang_model wants a radical-stroke table, which only Han scripts
# use: an empty one (a comment) does.
if step proto; then
	mkdir -p "$W/langdata/$LANG_NAME" "$W/proto"
	echo "# radical-stroke table: none, the MRZ alphabet is Latin" > "$W/langdata/radical-stroke.txt"
	echo "tessedit_do_invert 0" > "$W/langdata/$LANG_NAME/$LANG_NAME.config"
	tail -n +2 "$W/gt/train/index.tsv" | cut -f7 | sort -u > "$W/all-gt.txt"
	unicharset_extractor --output_unicharset "$W/unicharset" --norm_mode 1 "$W/all-gt.txt"
	combine_lang_model --input_unicharset "$W/unicharset" --script_dir "$W/langdata" \
		--output_dir "$W/proto" --lang "$LANG_NAME" 2> "$W/proto.log"
	done_step proto
fi

# 4. Training from scratch.
if step train; then
	t=$(now)
	mkdir -p "$W/ckpt"
	classes=$(sed -n 's/.*charset_size=\([0-9]*\).*/\1/p' <<< "$(ls "$W/proto/$LANG_NAME")")
	net=${OCR_NET_SPEC//###/$classes}
	echo "network: $net" | tee "$W/network.txt"
	nice -n 10 lstmtraining \
		--traineddata "$W/proto/$LANG_NAME/$LANG_NAME.traineddata" \
		--net_spec "$net" \
		--model_output "$W/ckpt/$LANG_NAME" \
		--learning_rate "$OCR_LEARNING_RATE" \
		--train_listfile "$W/list.train" \
		--eval_listfile "$W/list.valid" \
		--max_iterations "$OCR_ITERATIONS" \
		--debug_interval 0 2>&1 | tee -a "$W/train.log"
	echo "train: $(( $(now) - t )) s" | tee -a "$W/train.log"
	done_step train
fi

# 5. Lower learning rates. lstmtraining applies --reset_learning_rate only when it starts from
# --continue_from, not from its own checkpoint: each phase writes to a directory of its own.
last="$W/ckpt/${LANG_NAME}_checkpoint"
phase=0
for p in $OCR_ANNEAL; do
	phase=$((phase + 1))
	rate=${p%%:*} iterations=${p##*:}
	if step "anneal-$phase"; then
		t=$(now)
		mkdir -p "$W/ckpt-$phase"
		echo "anneal $phase: rate $rate, $iterations iterations" | tee -a "$W/train.log"
		nice -n 10 lstmtraining \
			--traineddata "$W/proto/$LANG_NAME/$LANG_NAME.traineddata" \
			--continue_from "$last" \
			--model_output "$W/ckpt-$phase/$LANG_NAME" \
			--reset_learning_rate --learning_rate "$rate" \
			--train_listfile "$W/list.train" \
			--eval_listfile "$W/list.valid" \
			--max_iterations "$iterations" \
			--debug_interval 0 2>&1 | tee -a "$W/train.log"
		echo "anneal $phase: $(( $(now) - t )) s" | tee -a "$W/train.log"
		done_step "anneal-$phase"
	fi
	last="$W/ckpt-$phase/${LANG_NAME}_checkpoint"
done

# 6. Fine-tuning on the lines the reader really sees. Rendered lines only imitate a capture;
# these are cut out of generated documents (scans, kiosk captures and phone photos, with seeds
# no evaluation uses) by the MRZ locator exactly as detect.MRZReader cuts them (pipegen), so
# they carry the capture's blur, perspective, glare and the locator's crop. Each phase trains
# on the sets it names plus 4,000 rendered lines (so clean lines are not forgotten), from the
# last checkpoint. Phases 4 and 5 (session 30) add 1,500 phone photos whose lines are also cut
# where the engine reads the page again, and 600 scans and kiosk captures, at lower rates.
declare -A FT_SET=([5001]="--count 1500 --captures phone --genuine-share 0.6"
	[5002]="--count 1000 --captures scan,kiosk --genuine-share 0.6"
	[5003]="--count 2000 --captures phone --genuine-share 0.7"
	[5006]="--count 1500 --captures phone --genuine-share 0.6"
	[5007]="--count 600 --captures scan,kiosk --genuine-share 0.6")
# pipegen's flags per set: 5006's lines are also cut where the engine reads a page again
# (pipegen -page), in the page straightened into its model's frame.
declare -A PIPE_FLAGS=([5006]="-page")
if step pipe-gt; then
	t=$(now)
	go build -o "$W/docverify" ./cmd/docverify
	go build -o "$W/pipegen" ./ocr/training/pipegen
	for seed in "${!FT_SET[@]}"; do
		rm -rf "$W/samples-$seed" "$W/gt/pipe-$seed"
		# shellcheck disable=SC2086
		"$W/docverify" samples generate --seed "$seed" ${FT_SET[$seed]} --out "$W/samples-$seed" --workers "$OCR_JOBS" >/dev/null
		# shellcheck disable=SC2086
		"$W/pipegen" -samples "$W/samples-$seed" -out "$W/gt/pipe-$seed" -j "$OCR_JOBS" ${PIPE_FLAGS[$seed]:-}
		find "$W/gt/pipe-$seed" -name '*.png' | sort |
			xargs -P "$OCR_JOBS" -n 200 sh -c 'for f; do tesseract "$f" "${f%.png}" --psm 13 lstm.train >/dev/null 2>&1 || echo "lstmf: $f failed" >&2; done' sh
	done
	# Lines printed with national letters (Ñ, Ä, É…) where the MRZ has the base letter, as some
	# issuers print them by mistake.
	"$W/linegen" -out "$W/gt/pipe-acc" -n 3000 -seed 7 -accents 1 -j "$OCR_JOBS" -mix clean=1,moderate=1,heavy=1 -prefix acc
	find "$W/gt/pipe-acc" -name '*.png' | sort |
		xargs -P "$OCR_JOBS" -n 200 sh -c 'for f; do tesseract "$f" "${f%.png}" --psm 13 lstm.train >/dev/null 2>&1 || echo "lstmf: $f failed" >&2; done' sh
	echo "pipe-gt: $(( $(now) - t )) s"
	done_step pipe-gt
fi
phase=0
for p in $OCR_FT; do
	phase=$((phase + 1))
	IFS=: read -r rate iterations sets <<< "$p"
	if step "finetune-$phase"; then
		t=$(now)
		mkdir -p "$W/ckpt-ft$phase"
		: > "$W/list.ft$phase.all"
		for seed in ${sets//,/ }; do find "$W/gt/pipe-$seed" -name '*.lstmf' | sort >> "$W/list.ft$phase.all"; done
		awk 'NR%25==0' "$W/list.ft$phase.all" > "$W/list.ft$phase.valid"
		{ awk 'NR%25!=0' "$W/list.ft$phase.all"; shuf -n 4000 --random-source=<(yes) "$W/list.train"; } |
			shuf --random-source=<(yes) > "$W/list.ft$phase.train"
		echo "fine-tune $phase: rate $rate, $iterations iterations, $(wc -l < "$W/list.ft$phase.train") lines" | tee -a "$W/train.log"
		nice -n 10 lstmtraining \
			--traineddata "$W/proto/$LANG_NAME/$LANG_NAME.traineddata" \
			--continue_from "$last" \
			--model_output "$W/ckpt-ft$phase/$LANG_NAME" \
			--reset_learning_rate --learning_rate "$rate" \
			--train_listfile "$W/list.ft$phase.train" \
			--eval_listfile "$W/list.ft$phase.valid" \
			--max_iterations "$iterations" \
			--debug_interval 0 2>&1 | tee -a "$W/train.log"
		echo "fine-tune $phase: $(( $(now) - t )) s" | tee -a "$W/train.log"
		done_step "finetune-$phase"
	fi
	last="$W/ckpt-ft$phase/${LANG_NAME}_checkpoint"
done

# 7. The final models, float and integer; OCR_MODEL_TYPE picks the project's.
if step model; then
	lstmtraining --stop_training --continue_from "$last" \
		--traineddata "$W/proto/$LANG_NAME/$LANG_NAME.traineddata" \
		--model_output "$W/$LANG_NAME.float.traineddata"
	lstmtraining --stop_training --convert_to_int --continue_from "$last" \
		--traineddata "$W/proto/$LANG_NAME/$LANG_NAME.traineddata" \
		--model_output "$W/$LANG_NAME.int.traineddata"
	mkdir -p "$(dirname "$OCR_MODEL")"
	cp "$W/$LANG_NAME.$OCR_MODEL_TYPE.traineddata" "$OCR_MODEL"
	ls -l "$W/$LANG_NAME.float.traineddata" "$W/$LANG_NAME.int.traineddata" "$OCR_MODEL"
	done_step model
fi
