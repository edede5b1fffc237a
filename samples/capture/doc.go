// Package capture turns a rendered document page into what a device delivers: a flatbed
// scan, a document reader's (kiosk's) visible, infrared and ultraviolet images, or a phone
// photo of the page on a cluttered desk; and it simulates two kinds of counterfeit at the
// page level, an office-printer reprint and a photo of a screen.
//
// # Capture
//
// [Take] renders a [Page] (visible, optionally IR and UV, on one pixel grid, usually at 300
// dpi) as a [Shot]: JPEG bytes, the shot's size, the JPEG quality, and H, the homography from
// page pixels to shot pixels. Pixel centres are at integer coordinates in both (OpenCV's
// convention): page pixel (x, y) lands at [Shot.Map](x, y), and the page's outer corners are
// (-0.5, -0.5) and (w-0.5, h-0.5) ([Shot.Corners]).
//
//   - [Scan]: a flatbed at 300 dpi. The page on the glass with 5–20 mm of white or light grey
//     lid on each side, a soft shadow along its edges, turned by up to ±3°, scaled 1±1%; a
//     little blur (σ 0.45–0.9 px), Gaussian noise (σ 1.5–5 levels), slight brightness,
//     contrast, gamma and colour-temperature changes, sometimes dust or a hair on the glass;
//     JPEG quality 70–95. H is a similarity.
//   - [Kiosk]: a document reader. The frame is the page size plus 8 mm a side, dark around
//     the page; the page turned by up to ±1°, moved by up to ±2 mm, scaled 1±0.3%; even
//     light, mild blur and noise, JPEG quality 88–95. IR and UV, when the page has them,
//     go through the same H onto the same frame, each with its own blur and noise: IR as a
//     one-channel grey JPEG (it decodes to *image.Gray), UV in colour on a dark violet frame.
//   - [Phone]: a 1600×1200 (60%) or 1200×1600 frame from a pinhole camera (focal length 0.8 of
//     the long side, about a 26 mm-equivalent lens). The page is a plane in 3-D: turned in its
//     own plane by a quarter turn (upright 70%, each other orientation 10%) plus up to ±15°,
//     tilted by up to 20° about a random axis in its plane, at the distance where it covers
//     35–85% of the frame (the larger of its bounding box's width and height fractions; for
//     an upright landscape page in a landscape frame, the width), mostly near the centre.
//     About 2% of shots leave 1–5% of the page out of the frame; the rest hold it wholly. The
//     desk is procedural (wood, fabric, plain or speckled tops; pens, pencils, coins, mugs,
//     cables, sticky notes, keys, glasses, rubber bands, shapes, sometimes a large sheet of
//     paper mostly out of the frame), objects and the page cast soft shadows; then uneven
//     light (gradient, vignetting, sometimes a soft shadow), a glare spot (85% of shots,
//     on the page in about 45% of those), defocus (σ 0.6–2 px) or motion blur (2.5–8 px),
//     noise, a colour cast, and JPEG quality 75–92.
//
// A shot depends on nothing but the random source, the kind and the page's size and DPI:
// Take draws exactly two numbers from its *rand.Rand, never looks at the page's content to
// decide anything, and draws the kiosk's IR and UV parameters whether or not the page has
// those images. A genuine page and its forgery therefore get identical geometry, light and
// noise when they are captured from the same random state.
//
// # Page-level effects
//
// [Reprint] simulates a counterfeit printed on an office printer from a scan of a genuine
// page (resolution lost, a CMYK halftone rosette or an inkjet dither, reduced gamut, colour
// shift); [Recapture] a photo of the page shown on a screen (the screen's RGB subpixel grid
// and its moiré, gamma and contrast, blur, a bezel or reflection when obvious). Both take a
// strength, [Subtle], [Moderate] or [Obvious], return a new image on the same pixel grid and
// are deterministic for a given random state.
//
// Every gocv Mat the package makes is closed before the function that made it returns (see
// matprofile_test.go, run with -tags matprofile).
package capture
