// Package people makes the synthetic holders of sample documents: names, sex, birth date and
// place, and a procedurally drawn passport photo. Only synthetic people ever appear in the
// samples: no real face is drawn or imitated, and no real person's full name is chosen on
// purpose.
//
//   - NewHolder draws a Holder from a random source: a name from one of the pools of
//     Cultures (Unicode as printed, with diacritics, particles, apostrophes, hyphens, compound
//     and very long names, so that transliteration and MRZ truncation get exercised), a sex, a
//     real birth date for an age of 0 to 95, a place of birth and a portrait seed. The same
//     source state gives the same holder.
//   - Portrait draws the holder's photo from its seed as a simple vector illustration that
//     follows ICAO's composition: frontal, centred, a plain light background, the head about
//     three quarters of the frame height. The same seed gives the same pixels on a given
//     architecture (floating-point rounding may differ between architectures).
//   - Holder's String, GoString and LogValue leave out the personal data, so logging a holder
//     by mistake leaks nothing.
//
// Every name in the pools transliterates (mrz.Transliterate) to letters and single fillers;
// the tests check each entry.
package people
