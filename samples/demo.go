package samples

import (
	"embed"
	"io/fs"
)

//go:embed demo/manifest.jsonl demo/images
var demoFS embed.FS

// Demo returns the demo set embedded in the binary (the samples/demo folder: a genuine sample
// of every specimen and capture and one of each attack), as a file system rooted at the set's
// folder, and its manifest. The officers' web page offers them as "try a sample".
func Demo() (fs.FS, []Sample, error) {
	sub, err := fs.Sub(demoFS, "demo")
	if err != nil {
		return nil, nil, err
	}
	f, err := sub.Open(ManifestName)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	set, err := decodeManifest(f)
	return sub, set, err
}
