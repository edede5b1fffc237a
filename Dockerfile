# docverify on Debian bookworm, with the packages the Makefile installs (`make deps`).
# Build: docker build -t docverify .
# Run:   docker run --rm -p 8080:8080 -v docverify-data:/var/lib/docverify/data docverify
#        (keys: docker run --rm -v docverify-data:/var/lib/docverify/data docverify keys create --name kiosk-1 --role kiosk)

FROM golang:1.26-bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gcc pkg-config libopencv-dev libtesseract-dev libleptonica-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# POPCNT for the descriptor matcher (as the Makefile; x86-64 CPUs since 2009).
RUN GOAMD64=v2 go build -trimpath -o /out/docverify ./cmd/docverify

FROM debian:bookworm-slim
# gocv links every OpenCV module through pkg-config, so the runtime takes the full set of
# OpenCV libraries (libopencv-dev pulls exactly those in); Tesseract with its English model,
# and the fonts the specimen renderer uses.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libopencv-dev libtesseract5 tesseract-ocr tesseract-ocr-eng fonts-ocr-b fonts-dejavu-core ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/docverify --create-home docverify
COPY --from=build /out/docverify /usr/local/bin/docverify
# Tesseract reads the limit when it loads; the binary re-executes itself with it too.
ENV OMP_THREAD_LIMIT=1 \
    DOCVERIFY_ADDR=0.0.0.0:8080 \
    DOCVERIFY_DATA=/var/lib/docverify/data \
    DOCVERIFY_REQUIRE_KEYS=true
USER docverify
WORKDIR /var/lib/docverify
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["/usr/local/bin/docverify", "serve", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/docverify"]
CMD ["serve"]
