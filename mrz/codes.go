package mrz

import (
	"sort"
	"strings"
)

// iso3166 is ISO 3166-1 alpha-3: every current country code.
const iso3166 = `AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ
BEN BMU BTN BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM
COG COD COK CRI CIV HRV CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA
GUF PYF ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND
IDN IRN IRQ IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX
MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL
NZL NIC NER NGA NIU NFK MKD MNP NOR OMN PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU ROU RUS RWA
BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN
SUR SJM SWE CHE SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR USA UMI URY UZB
VUT VEN VNM VGB VIR WLF ESH YEM ZMB ZWE`

// icaoCodes are the codes ICAO Doc 9303 Part 3 adds to ISO 3166-1: Germany's D, the British
// nationality classes, Kosovo, the European Union, the United Nations and its agencies,
// refugees and stateless persons. UTO, ICAO's fictional Utopia, is in SpecimenState.
const icaoCodes = `D GBD GBN GBO GBP GBS RKS EUE UNO UNA UNK XBA XIM XCC XCE XCO XEC XPO XES XMP XOM XDC
XXA XXB XXC XXX`

// SpecimenState is Utopia, the state ICAO's specimen documents are issued by. A document of
// Utopia is recognised and reported as a specimen, not rejected.
const SpecimenState = "UTO"

var stateCodes = func() map[string]struct{} {
	m := make(map[string]struct{}, 300)
	for _, c := range strings.Fields(iso3166 + " " + icaoCodes + " " + SpecimenState) {
		m[c] = struct{}{}
	}
	return m
}()

// KnownStates is every code KnownState knows, as an MRZ prints it: padded with fillers to
// three characters ("D<<"), sorted.
func KnownStates() []string {
	out := make([]string, 0, len(stateCodes))
	for c := range stateCodes {
		out = append(out, (c + "<<")[:3])
	}
	sort.Strings(out)
	return out
}

// KnownState reports whether code (without fillers, e.g. "D" or "UTO") is an ISO 3166-1
// alpha-3 code, one of ICAO's own codes, or Utopia.
func KnownState(code string) bool {
	_, ok := stateCodes[code]
	return ok
}
