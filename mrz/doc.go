// Package mrz reads, checks, writes and repairs the machine readable zone of travel documents
// as ICAO Doc 9303 (8th edition) defines it: TD1 (3×30), TD2 (2×36), TD3 (2×44), MRV-A (2×44)
// and MRV-B (2×36). It is pure Go and knows nothing of images: OCR lives elsewhere and hands
// it text.
//
//   - Parse checks an MRZ as printed: layout, character set and per-position classes, every
//     check digit (reported one by one, expected and found), dates, state and document codes,
//     sex, name structure and filler runs.
//   - Repair (and RepairWith, given the OCR engine's uncertainty) turns OCR output into the MRZ
//     it most likely shows, or refuses, saying why. Every change is reported.
//   - Generate writes the lines of a document from its fields; Transliterate and NamesMatch
//     apply Doc 9303 Part 3's transliteration so printed names can be compared with the MRZ.
//
// # Policy
//
// Where Doc 9303 leaves room, or issuers and peer libraries disagree, docverify decides as
// follows. The rule names are those of testdata/peer_policy.tsv, which lists every vector of
// the shared peer test set on which docverify's verdict differs from a peer's claim or from the
// independent checker's.
//
//   - utopia_specimen: UTO (Utopia), ICAO's specimen state, is a known code; documents issued
//     by or for it are valid and flagged Specimen. Some peers reject UTO.
//   - unknown_state: issuing state and nationality must be ISO 3166-1 alpha-3 codes or ICAO's
//     own (D, GBD, GBN, GBO, GBP, GBS, RKS, EUE, UNO, UNA, UNK, XBA, XIM, XCC, XCE, XCO, XEC,
//     XPO, XES, XMP, XOM, XDC, XXA, XXB, XXC, XXX); anything else (BDR, BOS, COU, YTO, …)
//     makes the MRZ invalid with code unknown_code. A border check must not pass a state that
//     does not exist.
//   - document_code: the first letter is A, C, I or P in TD1, TD2 and TD3 (Germany's TD2
//     temporary passport is P; some TD3 identity documents are I); V makes a visa layout.
//     Other letters are unknown_code.
//   - not_icao_layout, layout_length: only the five ICAO layouts are read. France's identity
//     card of 1988–2021 (2×36 without ICAO's structure) is recognised and reported as an
//     unsupported format; driving licences and other lengths are length errors.
//   - check_digits: every check digit must hold, the composite included; a filler is never a
//     composite check digit. A filler is accepted as the check digit of a field that is all
//     fillers (an empty personal number, an absent expiry date), a real issuer deviation from
//     Doc 9303's 0.
//   - long document numbers (TD1, TD2; Doc 9303 Part 5 note j): a filler in the check digit
//     position, the rest of the number and its check digit at the start of the optional data,
//     up to the first filler. document_number is the whole number and optional_data what
//     follows (long_number_fields). The check digit covers the whole number; Belgium's issuer
//     variant, which includes the filler at the split, is accepted with warning long_check.
//     A filler check digit without a continuation is a check_digit error.
//   - composite_raw_positions: the composite check digit covers the MRZ positions as printed,
//     not the joined long number.
//   - digits_in_name, filler_in_number: names hold letters and fillers only; a document
//     number is padded with fillers at its end only. Both rules also stop a K from hiding a
//     filler, which no check digit can see (K and < both weigh 0 modulo 10).
//   - Names: the surname ends at the first double filler; a second double filler, a run of
//     three fillers inside the name, or a leading filler (other than the double filler of a
//     name with given names only) is a filler error. A name that fills its whole field is
//     valid with warning truncated.
//   - Dates: two-digit birth years after this year's are in the past century, and a birth date
//     after today is invalid; expiry years fall within 50 years either side of today. Unknown
//     parts of a birth date are fillers (the day; the month and the day; all of it). An expiry
//     date of fillers is valid with warning no_expiry; a passed one with warning expired.
//     Expiry before birth is invalid_date.
//   - Fields: fillers around a field are dropped; inside names and optional data they read as
//     spaces. Sex is M, F, X or < as printed. Dates are ISO 8601, reduced when parts are
//     unknown ("1974", "1974-08"), empty when absent.
//   - The check digit of the empty string is 0 (its 7-3-1 sum); one peer rejects it.
//
// # Repair
//
// Repair never guesses where the layout and the check digits cannot confirm. From text alone
// it fixes what a position cannot hold (a letter in a date is read as the digit it resembles,
// a digit in a name as the letter), Ks where the layout demands fillers, spaces, case and a few
// fillers lost or doubled in a run. It does not turn a legal character into another (an O in
// a document number into a 0): one check digit picks the wrong one of several such changes one
// time in ten when the misread was elsewhere, so that search needs the OCR engine to mark the
// characters it was unsure of (RepairWith). Data only the composite covers is never searched.
// A reading is accepted only when every check digit holds and it is the only best candidate.
// A refused reading keeps its lines as read, but brought to the layout's width where that can be
// done one way only for the lines that carry check digits (the names' line, which none covers,
// may then be fitted several ways: the OCR engine must say those lines were read surely,
// RepairWith's Hints.Sure), so that its failing check digits can still be judged.
package mrz
