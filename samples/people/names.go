package people

import (
	"math/rand/v2"
	"strings"
)

// culture is a pool of names and the way a naming tradition puts them together.
type culture struct {
	name       string
	male       []string
	female     []string
	surnames   []surname
	given      []float64 // weights of one, two, three given names
	givenSep   string    // between given names: " " or ", " (French usage)
	surnameN   []float64 // weights of one, two, three surnames
	surnameSep string    // between surnames: " " or "-"

	middle      [2][]string // before the given name (Vietnamese): masculine, feminine
	middleP     float64
	patronymics []surname // after the given names, with probability patronymicP
	patronymicP float64
	lineage     float64 // probability the father's name (and at times the grandfather's) follows
	places      []string
}

// surname is one surname in its masculine, feminine and non-binary forms (the same in most
// traditions; Kowalski, Kowalska; Jónsson, Jónsdóttir, Jónsbur).
type surname struct{ m, f, x string }

// forms parses surnames written "masculine/feminine[/non-binary]" or as one form.
func forms(list ...string) []surname {
	out := make([]surname, len(list))
	for i, s := range list {
		p := strings.Split(s, "/")
		switch len(p) {
		case 1:
			out[i] = surname{p[0], p[0], p[0]}
		case 2:
			out[i] = surname{p[0], p[1], ""}
		default:
			out[i] = surname{p[0], p[1], p[2]}
		}
	}
	return out
}

// form is the surname as a holder of sex "M", "F" or "X" bears it; fem says which of the
// gendered forms an "X" holder without a non-binary form takes.
func (s surname) form(sex string, fem bool) string {
	switch {
	case sex == "X" && s.x != "":
		return s.x
	case fem:
		return s.f
	}
	return s.m
}

// compose draws a surname and given names for a holder of sex "M", "F" or "X".
func (c *culture) compose(r *rand.Rand, sex string) (surname, given string) {
	fem := sex == "F" || (sex == "X" && r.IntN(2) == 0)
	pool := c.male
	if fem {
		pool = c.female
	}

	var names []string
	if c.middleP > 0 && chance(r, c.middleP) {
		mid := c.middle[0]
		if fem {
			mid = c.middle[1]
		}
		names = append(names, pick(r, mid))
	}
	for n := weighted(r, c.given...) + 1; n > 0; n-- {
		names = addDistinct(r, names, pool)
	}
	if c.lineage > 0 && chance(r, c.lineage) {
		names = addDistinct(r, names, c.male) // the father's name
		if chance(r, 0.35) {
			names = addDistinct(r, names, c.male) // the grandfather's
		}
	}
	given = strings.Join(names, c.givenSep)
	if c.patronymicP > 0 && chance(r, c.patronymicP) {
		given += " " + pick(r, c.patronymics).form(sex, fem)
	}

	var sur []string
	used := map[string]bool{}
	for n := weighted(r, c.surnameN...) + 1; n > 0; n-- {
		for range 8 { // a few tries for a surname not drawn already
			s := pick(r, c.surnames).form(sex, fem)
			if !used[s] {
				used[s] = true
				sur = append(sur, s)
				break
			}
		}
	}
	return strings.Join(sur, c.surnameSep), given
}

// addDistinct appends a name from pool that shares no word with the names drawn so far, so
// "José María" is never followed by "María".
func addDistinct(r *rand.Rand, names, pool []string) []string {
	words := map[string]bool{}
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			words[w] = true
		}
	}
	for range 8 {
		n := pick(r, pool)
		clash := false
		for _, w := range strings.Fields(n) {
			clash = clash || words[w]
		}
		if !clash {
			return append(names, n)
		}
	}
	return names
}

// utopianPlaces are fictional places of Utopia, ICAO's specimen state, named after the
// peoples and places of Thomas More's Utopia.
var utopianPlaces = []string{
	"Amaurot", "Abraxa", "Anyder Falls", "Port Utopos", "Achoria", "Macaria", "Polyleria",
	"Zapoleta", "Nephelogetia", "Alaopolis", "New Amaurot", "Anyder Bridge",
}

// cultures are the name pools. Combinations of common given names and surnames may match
// real people by chance, as with any common names; no entry is chosen to.
var cultures = []*culture{
	{
		name: "spanish",
		male: []string{
			"Alejandro", "Antonio", "Carlos", "David", "Diego", "Eduardo", "Enrique", "Fernando",
			"Francisco", "Gonzalo", "Ignacio", "Javier", "Jesús", "Jorge", "José", "Juan", "Luis",
			"Manuel", "Miguel", "Pablo", "Pedro", "Rafael", "Ramón", "Raúl", "Rubén", "Sergio",
			"Tomás", "Álvaro", "Íñigo", "Joaquín", "Andrés", "Nicolás", "Adrián", "Óscar",
			"José María", "Juan Carlos", "Francisco Javier", "José Luis", "Agustín", "Sebastián",
		},
		female: []string{
			"Ana", "Beatriz", "Carmen", "Cristina", "Elena", "Esperanza", "Inés", "Isabel", "Laura",
			"Lucía", "María", "Marta", "Mercedes", "Nuria", "Paula", "Pilar", "Raquel", "Rocío",
			"Rosa", "Silvia", "Sofía", "Teresa", "Victoria", "Begoña", "Ainhoa", "Almudena",
			"Concepción", "Dolores", "Macarena", "Montserrat", "Guadalupe", "María José",
			"María del Carmen", "María de los Ángeles", "Ana Belén", "Natalia", "Amparo",
		},
		surnames: forms(
			"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
			"Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
			"Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
			"Serrano", "Blanco", "Suárez", "Molina", "Ortega", "Delgado", "Castro", "Núñez",
			"Iglesias", "Medina", "Garrido", "Cortés", "Castillo", "Lozano", "Cano", "Prieto",
			"Méndez", "Calvo", "Ibáñez", "Peña", "de la Cruz", "del Río", "de la Fuente",
			"de los Santos", "de la Torre", "del Valle", "Etxeberria", "Goikoetxea", "Urrutia",
			"Puig", "Casals", "Fernández de Córdoba", "Martínez de la Rosa",
		),
		given: []float64{70, 30}, givenSep: " ", surnameN: []float64{4, 96}, surnameSep: " ",
		places: []string{
			"Ciudad Alta", "Villanueva del Campo", "San Martín de la Sierra", "Puerto Claro",
			"Torreblanca", "Santa Lucía del Valle", "Fuentesol", "Castrovega",
		},
	},
	{
		name: "portuguese",
		male: []string{
			"João", "José", "António", "Francisco", "Manuel", "Pedro", "Luís", "Carlos", "Paulo",
			"Rui", "Miguel", "Tiago", "Diogo", "Gonçalo", "Rodrigo", "Afonso", "Duarte",
			"Bernardo", "Tomás", "Martim", "Vasco", "Nuno", "Fernando", "Ricardo", "Sérgio",
			"Joaquim", "Henrique", "Fábio", "Vítor", "Guilherme", "Thiago", "Caio", "João Pedro",
			"José Manuel",
		},
		female: []string{
			"Maria", "Ana", "Beatriz", "Mariana", "Inês", "Carolina", "Leonor", "Matilde",
			"Joana", "Sofia", "Catarina", "Rita", "Teresa", "Margarida", "Raquel", "Sara",
			"Patrícia", "Cláudia", "Filipa", "Helena", "Isabel", "Luísa", "Fátima", "Lúcia",
			"Vitória", "Letícia", "Juliana", "Gabriela", "Fernanda", "Conceição", "Maria da Conceição",
			"Maria de Fátima", "Ana Rita", "Maria João",
		},
		surnames: forms(
			"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
			"Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida",
			"Ribeiro", "Pinto", "Carvalho", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes",
			"Soares", "Vieira", "Monteiro", "Cardoso", "Rocha", "Neves", "Coelho", "Cunha", "Pires",
			"Simões", "Antunes", "Magalhães", "Brandão", "Araújo", "Guimarães", "Falcão",
			"da Silva", "dos Santos", "de Oliveira", "da Costa", "do Nascimento", "da Conceição",
			"de Sousa", "dos Reis", "de Almeida", "de Jesus",
		),
		given: []float64{50, 45, 5}, givenSep: " ", surnameN: []float64{15, 60, 25}, surnameSep: " ",
		places: []string{
			"Vila Nova da Serra", "São Brás do Monte", "Ribeira Alta", "Porto Claro", "Aldeia Velha",
			"Santa Marta de Baixo", "Conceição do Vale", "Póvoa do Rio",
		},
	},
	{
		name: "french",
		male: []string{
			"Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Jacques", "Bernard",
			"François", "Christophe", "Nicolas", "Stéphane", "Laurent", "Julien", "Sébastien",
			"Thomas", "Antoine", "Mathieu", "Guillaume", "Olivier", "Hugo", "Lucas", "Louis",
			"Théo", "Maxime", "Benoît", "Jérôme", "Rémi", "Frédéric", "Gaël", "Noël", "Loïc",
			"Aurélien", "Baptiste", "Jean-Pierre", "Jean-Luc", "Jean-François", "Pierre-Louis",
			"Jean-Baptiste", "Marc-Antoine",
		},
		female: []string{
			"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine",
			"Monique", "Valérie", "Sandrine", "Céline", "Julie", "Aurélie", "Émilie", "Camille",
			"Léa", "Chloé", "Manon", "Inès", "Zoé", "Éloïse", "Clémence", "Margaux", "Mathilde",
			"Hélène", "Agnès", "Béatrice", "Gaëlle", "Noémie", "Océane", "Maëlle", "Anaïs",
			"Anne-Sophie", "Marie-Claire", "Marie-Hélène", "Anne-Laure", "Marie-Ève",
		},
		surnames: forms(
			"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
			"Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Bertrand", "Roux",
			"Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
			"Lambert", "Bonnet", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
			"Chevalier", "Gérard", "Boyer", "Lemaire", "Duval", "Prévost", "Rivière", "Carré",
			"Le Gall", "Le Roux", "Lacroix", "Saint-Martin", "d'Aubigné", "de Villeneuve",
			"Martin-Dubois", "Bonnet-Lefèvre", "Ménard", "Benoît",
		),
		given: []float64{40, 40, 20}, givenSep: ", ", surnameN: []float64{96, 4}, surnameSep: "-",
		places: []string{
			"Saint-Aubin-sur-Loire", "Villeneuve-la-Forêt", "Montclair", "Beaulieu-les-Vignes",
			"Sainte-Colombe", "Château-Val", "L'Isle-Verte", "Rochefort-d'Ambert",
		},
	},
	{
		name: "german",
		male: []string{
			"Thomas", "Michael", "Andreas", "Stefan", "Peter", "Klaus", "Jürgen", "Wolfgang",
			"Frank", "Uwe", "Matthias", "Markus", "Sebastian", "Tobias", "Jan", "Lukas", "Jonas",
			"Leon", "Maximilian", "Felix", "Paul", "Niklas", "Florian", "Dieter", "Günter",
			"Horst", "Jörg", "Bernd", "Rüdiger", "Björn", "Till", "Moritz", "Friedrich",
			"Karl-Heinz", "Hans-Jürgen",
		},
		female: []string{
			"Sabine", "Petra", "Andrea", "Claudia", "Susanne", "Monika", "Ursula", "Renate",
			"Birgit", "Katrin", "Julia", "Anna", "Lena", "Laura", "Lea", "Hannah", "Sophie",
			"Marie", "Emma", "Mia", "Johanna", "Charlotte", "Jana", "Franziska", "Anke", "Jutta",
			"Gisela", "Bärbel", "Dörte", "Hannelore", "Käthe", "Anna-Lena", "Annemarie",
		},
		surnames: forms(
			"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
			"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
			"Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange",
			"Werner", "Krause", "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Huber",
			"Kaiser", "Fuchs", "Möller", "Weiß", "Groß", "Strauß", "Jäger", "Böhm", "Krämer",
			"Kühn", "Vogt", "Stein", "Brandt", "von Bergen", "von der Heyde", "vom Stein",
			"Meyer-Hoffmann", "Schulze-Wilmsen", "Müller-Lüdenscheidt",
		),
		given: []float64{65, 30, 5}, givenSep: " ", surnameN: []float64{95, 5}, surnameSep: "-",
		places: []string{
			"Obermühlbach", "Neustadt am Wald", "Grünfeld", "Bad Lindenau", "Steinbrück",
			"Rosenhain", "Altenweiler", "Höchstädt an der Au",
		},
	},
	{
		name: "dutch",
		male: []string{
			"Jan", "Pieter", "Johannes", "Hendrik", "Cornelis", "Willem", "Gerrit", "Dirk", "Kees",
			"Bram", "Daan", "Sem", "Lucas", "Levi", "Finn", "Jesse", "Thijs", "Ruben", "Bas",
			"Joost", "Maarten", "Sander", "Stijn", "Wouter", "Jeroen", "Rutger", "Floris", "Teun",
			"Gijs", "Joep", "Niels", "Arjen",
		},
		female: []string{
			"Anna", "Maria", "Johanna", "Cornelia", "Elisabeth", "Sanne", "Lotte", "Fleur", "Iris",
			"Femke", "Anouk", "Eva", "Julia", "Emma", "Sophie", "Tess", "Saar", "Noor", "Lieke",
			"Marloes", "Ilse", "Inge", "Willemijn", "Mirjam", "Esther", "Marieke", "Annelies",
			"Anne-Marie", "Geertruida", "Jantine", "Roos", "Floor", "Eline",
		},
		surnames: forms(
			"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
			"Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
			"Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
			"de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
			"van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "van der Heijden",
			"Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
			"Verhoeven", "van der Berg", "'t Hart", "van 't Hof", "ter Horst", "IJzerman",
			"van Wijngaarden", "Kuipers", "Postma",
		),
		given: []float64{50, 35, 15}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{
			"Nieuwerveen", "Oosterhaven", "Zandvoorde", "'s-Heerenbeek", "Groenendijk",
			"Westerwolde", "Hoogkerk", "Ter Aar",
		},
	},
	{
		name: "italian",
		male: []string{
			"Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi", "Francesco", "Angelo", "Vincenzo",
			"Pietro", "Salvatore", "Carlo", "Franco", "Domenico", "Bruno", "Paolo", "Michele",
			"Giorgio", "Aldo", "Sergio", "Luciano", "Alessandro", "Lorenzo", "Matteo", "Leonardo",
			"Andrea", "Gabriele", "Riccardo", "Tommaso", "Edoardo", "Niccolò", "Gianluca",
			"Pierluigi", "Gian Marco",
		},
		female: []string{
			"Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia",
			"Carmela", "Caterina", "Francesca", "Giulia", "Chiara", "Sofia", "Aurora", "Alice",
			"Ginevra", "Beatrice", "Martina", "Giorgia", "Elena", "Sara", "Valentina", "Federica",
			"Alessandra", "Paola", "Antonella", "Rosaria", "Concetta", "Raffaella", "Maria Grazia",
			"Anna Maria", "Benedetta", "Ludovica",
		},
		surnames: forms(
			"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
			"Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
			"Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
			"Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
			"Gentile", "Martinelli", "Vitale", "Serra", "Coppola", "De Santis", "D'Angelo",
			"Marchetti", "Parisi", "Villa", "Fabbri", "De Angelis", "Pellegrini", "Palumbo",
			"Dell'Acqua", "Di Stefano", "Lo Russo", "La Rosa", "D'Alessandro", "Dall'Olio",
			"Sorrentino", "D'Amico",
		),
		given: []float64{85, 15}, givenSep: " ", surnameN: []float64{97, 3}, surnameSep: " ",
		places: []string{
			"Castelnuovo di Sopra", "San Vito al Lago", "Montefiore", "Borgo Alto",
			"Villafranca sul Serio", "Roccabianca", "Santa Croce del Piano", "Valdorso",
		},
	},
	{
		name: "irish",
		male: []string{
			"Seán", "Patrick", "Michael", "John", "Conor", "Cian", "Darragh", "Oisín", "Cillian",
			"Liam", "Niall", "Ciarán", "Eoin", "Pádraig", "Declan", "Brendan", "Colm", "Donal",
			"Fionn", "Tadhg", "Ruairí", "Diarmuid", "Éamon", "Aidan", "Kevin", "Dermot", "Shane",
			"Rónán", "Killian", "Lorcan",
		},
		female: []string{
			"Mary", "Siobhán", "Aoife", "Niamh", "Saoirse", "Ciara", "Róisín", "Sinéad", "Orla",
			"Caoimhe", "Clodagh", "Gráinne", "Aisling", "Máire", "Bríd", "Deirdre", "Emer",
			"Eimear", "Áine", "Nóra", "Sorcha", "Méabh", "Fiadh", "Grace", "Emma", "Sarah", "Kate",
			"Mairéad", "Úna",
		},
		surnames: forms(
			"Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan",
			"O'Connor", "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty",
			"Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "O'Carroll", "Connolly",
			"Daly", "O'Connell", "Dunne", "Brennan", "Burke", "Collins", "Fitzgerald", "Maguire",
			"Nolan", "Flynn", "O'Callaghan", "O'Donnell", "Duffy", "O'Mahony", "Healy", "O'Shea",
			"Sweeney", "Kavanagh", "McGrath", "Fitzpatrick", "O'Leary", "MacMahon",
			"Ó Súilleabháin/Ní Shúilleabháin", "Ó Briain/Ní Bhriain", "Mac Cárthaigh/Nic Cárthaigh",
			"Ó Ceallaigh/Ní Cheallaigh", "Mac Giolla Phádraig/Nic Giolla Phádraig",
		),
		given: []float64{75, 25}, givenSep: " ", surnameN: []float64{97, 3}, surnameSep: "-",
		places: []string{
			"Ballymore", "Kilcarrig", "Carrickbeg", "Dún Ríoga", "Gleann Dubh", "Lisnacree",
			"Ardmore", "Baile an Locha",
		},
	},
	{
		name: "polish",
		male: []string{
			"Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Jakub",
			"Adam", "Łukasz", "Marek", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz",
			"Zbigniew", "Jerzy", "Maciej", "Rafał", "Kamil", "Szymon", "Bartłomiej", "Przemysław",
			"Sławomir", "Zdzisław", "Kacper", "Antoni", "Stanisław", "Józef", "Tadeusz",
		},
		female: []string{
			"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
			"Elżbieta", "Magdalena", "Joanna", "Zofia", "Aleksandra", "Monika", "Teresa", "Danuta",
			"Natalia", "Karolina", "Marta", "Beata", "Dorota", "Halina", "Jadwiga", "Grażyna",
			"Bożena", "Urszula", "Wiesława", "Iwona", "Agata", "Justyna", "Żaneta", "Łucja",
		},
		surnames: forms(
			"Nowak", "Kowalski/Kowalska", "Wiśniewski/Wiśniewska", "Wójcik", "Kowalczyk",
			"Kamiński/Kamińska", "Lewandowski/Lewandowska", "Zieliński/Zielińska",
			"Szymański/Szymańska", "Woźniak", "Dąbrowski/Dąbrowska", "Kozłowski/Kozłowska",
			"Jankowski/Jankowska", "Mazur", "Wojciechowski/Wojciechowska", "Kwiatkowski/Kwiatkowska",
			"Krawczyk", "Kaczmarek", "Piotrowski/Piotrowska", "Grabowski/Grabowska", "Zając",
			"Pawłowski/Pawłowska", "Michalski/Michalska", "Król", "Wieczorek", "Jabłoński/Jabłońska",
			"Wróbel", "Majewski/Majewska", "Olszewski/Olszewska", "Stępień", "Malinowski/Malinowska",
			"Jaworski/Jaworska", "Adamczyk", "Dudek", "Nowicki/Nowicka", "Górski/Górska", "Sikora",
			"Walczak", "Baran", "Szewczyk", "Zalewski/Zalewska", "Jasiński/Jasińska",
			"Szczebrzeszyński/Szczebrzeszyńska", "Przybyłowicz", "Chrząszczewski/Chrząszczewska",
		),
		given: []float64{80, 20}, givenSep: " ", surnameN: []float64{93, 7}, surnameSep: "-",
		places: []string{
			"Nowa Wieś", "Zielona Dolina", "Białogród", "Wólka Górna", "Kamionka", "Przybyszów",
			"Łąkowo", "Stare Pole",
		},
	},
	{
		name: "czech",
		male: []string{
			"Jiří", "Jan", "Petr", "Josef", "Pavel", "Martin", "Tomáš", "Jaroslav", "Miroslav",
			"Zdeněk", "Václav", "Michal", "František", "Karel", "Milan", "Vladimír", "Lukáš",
			"David", "Jakub", "Ondřej", "Radek", "Marek", "Daniel", "Vojtěch", "Matěj",
			"Stanislav", "Luboš", "Bohumil", "Přemysl", "Vít",
		},
		female: []string{
			"Marie", "Jana", "Eva", "Hana", "Anna", "Věra", "Lenka", "Kateřina", "Lucie", "Alena",
			"Petra", "Jaroslava", "Ludmila", "Helena", "Veronika", "Jitka", "Martina", "Michaela",
			"Tereza", "Zdeňka", "Dagmar", "Barbora", "Markéta", "Kristýna", "Šárka", "Božena",
			"Libuše", "Vlasta", "Růžena", "Eliška", "Adéla", "Klára",
		},
		surnames: forms(
			"Novák/Nováková", "Svoboda/Svobodová", "Novotný/Novotná", "Dvořák/Dvořáková",
			"Černý/Černá", "Procházka/Procházková", "Kučera/Kučerová", "Veselý/Veselá",
			"Horák/Horáková", "Němec/Němcová", "Marek/Marková", "Pokorný/Pokorná",
			"Pospíšil/Pospíšilová", "Hájek/Hájková", "Král/Králová", "Jelínek/Jelínková",
			"Růžička/Růžičková", "Beneš/Benešová", "Fiala/Fialová", "Sedláček/Sedláčková",
			"Doležal/Doležalová", "Zeman/Zemanová", "Kolář/Kolářová", "Navrátil/Navrátilová",
			"Čermák/Čermáková", "Vaněk/Vaňková", "Urban/Urbanová", "Blažek/Blažková", "Kříž/Křížová",
			"Kovář/Kovářová", "Bartoš/Bartošová", "Vlček/Vlčková", "Polák/Poláková", "Musil/Musilová",
			"Kopecký/Kopecká", "Konečný/Konečná", "Malý/Malá", "Holub/Holubová",
			"Štěpánek/Štěpánková", "Šťastný/Šťastná", "Vávra/Vávrová", "Tichý/Tichá", "Žák/Žáková",
		),
		given: []float64{95, 5}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{
			"Nové Město nad Řekou", "Horní Lhota", "Dolní Újezd", "Kamenný Most", "Březová",
			"Vysoké Pole", "Lipová", "Třešňovka",
		},
	},
	{
		name: "hungarian",
		male: []string{
			"László", "István", "József", "János", "Zoltán", "Sándor", "Ferenc", "Gábor", "Attila",
			"Péter", "Tamás", "Zsolt", "Tibor", "András", "Csaba", "Imre", "Lajos", "György",
			"Balázs", "Gyula", "Mihály", "Károly", "Róbert", "Dániel", "Ádám", "Bence", "Máté",
			"Levente", "Dávid", "Botond", "Gergő", "Zsombor",
		},
		female: []string{
			"Mária", "Erzsébet", "Katalin", "Ilona", "Éva", "Anna", "Zsuzsanna", "Margit", "Judit",
			"Ágnes", "Andrea", "Erika", "Krisztina", "Ildikó", "Julianna", "Irén", "Eszter",
			"Tímea", "Anita", "Mónika", "Szilvia", "Edit", "Gabriella", "Piroska", "Hanna",
			"Zsófia", "Réka", "Boglárka", "Lili", "Dóra", "Nóra", "Orsolya", "Enikő",
		},
		surnames: forms(
			"Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
			"Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon",
			"Rácz", "Fekete", "Szilágyi", "Török", "Fehér", "Balázs", "Gál", "Szűcs", "Kocsis",
			"Pintér", "Fodor", "Szalai", "Sipos", "Magyar", "Lukács", "Gulyás", "Biró", "Király",
			"Katona", "Jakab", "Fazekas", "Kelemen", "Antal", "Somogyi", "Fülöp", "Hegedűs",
			"Deák", "Bálint", "Illés", "Szőke", "Vörös", "Lengyel", "Bodnár",
		),
		given: []float64{85, 15}, givenSep: " ", surnameN: []float64{95, 5}, surnameSep: "-",
		places: []string{
			"Kisfalud", "Nagyvölgy", "Felsőtelek", "Alsóhegy", "Szentmárton", "Tiszaszőlős",
			"Hosszúmező", "Újfalu",
		},
	},
	{
		name: "swedish",
		male: []string{
			"Lars", "Anders", "Johan", "Erik", "Per", "Karl", "Nils", "Magnus", "Mikael", "Björn",
			"Sven", "Åke", "Gösta", "Håkan", "Göran", "Olof", "Stefan", "Fredrik", "Mats", "Ulf",
			"Jonas", "Oskar", "Axel", "Emil", "Hugo", "Elias", "Viktor", "Gustav", "Sixten", "Pär",
		},
		female: []string{
			"Anna", "Maria", "Karin", "Kristina", "Margareta", "Eva", "Birgitta", "Ingrid",
			"Astrid", "Sigrid", "Linnéa", "Ebba", "Maja", "Elsa", "Åsa", "Märta", "Agneta", "Ulla",
			"Kerstin", "Gunilla", "Lena", "Malin", "Frida", "Alva", "Saga", "Wilma", "Selma",
			"Klara", "Signe", "Britt-Marie", "Ann-Christin",
		},
		surnames: forms(
			"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
			"Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
			"Bengtsson", "Jönsson", "Lindberg", "Lindström", "Lindqvist", "Lindgren", "Berg",
			"Bergström", "Lundberg", "Lundqvist", "Sjöberg", "Åberg", "Öberg", "Ågren", "Hägglund",
			"Strömberg", "Sandström", "Nyström", "Löfgren", "Ekström", "Holmström", "Åkesson",
			"Söderberg", "Björklund",
		),
		given: []float64{45, 45, 10}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Östervik", "Björkholm", "Sjöstad", "Ålunda", "Lillbäcken", "Norrhamn", "Granö", "Älvby"},
	},
	{
		name: "norwegian",
		male: []string{
			"Ole", "Knut", "Øyvind", "Ståle", "Bjørn", "Jørgen", "Håkon", "Terje", "Geir", "Arne",
			"Kjell", "Odd", "Svein", "Trond", "Tor", "Espen", "Eirik", "Sindre", "Magnus", "Jakob",
			"Emil", "Henrik", "Sander", "Aksel", "Mathias", "Vegard", "Ørjan", "Leif", "Rune", "Nils",
		},
		female: []string{
			"Kari", "Ingrid", "Ragnhild", "Åse", "Solveig", "Ingeborg", "Liv", "Anne", "Marit",
			"Randi", "Berit", "Hilde", "Tone", "Gro", "Sigrid", "Astrid", "Nora", "Emma", "Thea",
			"Frøya", "Tuva", "Synnøve", "Åshild", "Bjørg", "Torill", "Gunvor", "Siri", "Maren",
			"Silje", "Marte",
		},
		surnames: forms(
			"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
			"Kristiansen", "Jensen", "Karlsen", "Haugen", "Bakken", "Solberg", "Hagen", "Strand",
			"Sæther", "Bråten", "Grønlund", "Løvås", "Bjørnstad", "Dahl", "Nygård", "Håland",
			"Fjeld", "Ødegård", "Moen", "Aasen", "Lie", "Sørli", "Myhre", "Vågen", "Brekke",
			"Rønning", "Kvalheim", "Haugland", "Tveit", "Sandvik", "Øvrebø",
		),
		given: []float64{55, 40, 5}, givenSep: " ", surnameN: []float64{85, 15}, surnameSep: " ",
		places: []string{"Østby", "Fjellvik", "Nordstrand", "Sørvågen", "Bjørkedal", "Ålvik", "Havøy", "Lillevik"},
	},
	{
		name: "danish",
		male: []string{
			"Søren", "Jørgen", "Rasmus", "Mads", "Jens", "Henrik", "Niels", "Poul", "Bent",
			"Flemming", "Kasper", "Mikkel", "Anders", "Frederik", "Christian", "Morten", "Jesper",
			"Lars", "Troels", "Asger", "Bo", "Kåre", "Torben", "Villads", "Malthe", "Magnus",
			"Oliver", "William", "Noah", "Steffen",
		},
		female: []string{
			"Mette", "Kirsten", "Bodil", "Hanne", "Susanne", "Lone", "Pia", "Tove", "Inger",
			"Birthe", "Lene", "Dorthe", "Helle", "Gitte", "Karen", "Ida", "Freja", "Sofie", "Clara",
			"Laura", "Signe", "Nanna", "Maja", "Cecilie", "Astrid", "Ellen", "Agnete", "Kirstine",
			"Marianne", "Ditte", "Trine", "Sørine",
		},
		surnames: forms(
			"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
			"Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
			"Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Kjær",
			"Lauridsen", "Østergaard", "Søndergaard", "Bækgaard", "Mølgaard", "Kjærgaard",
			"Nørgaard", "Holm", "Dalsgaard", "Brøndum", "Skovgaard", "Damgaard", "Bøgh", "Friis",
			"Lykke", "Ærenlund",
		),
		given: []float64{50, 40, 10}, givenSep: " ", surnameN: []float64{80, 20}, surnameSep: " ",
		places: []string{"Ærøby", "Søby", "Nørre Alslev", "Østerskov", "Lystrup", "Bækkelund", "Hvidbjerg", "Møllerup"},
	},
	{
		name: "icelandic",
		male: []string{
			"Jón", "Guðmundur", "Sigurður", "Gunnar", "Ólafur", "Einar", "Kristján", "Magnús",
			"Stefán", "Jóhann", "Björn", "Árni", "Helgi", "Páll", "Pétur", "Ragnar", "Halldór",
			"Þorsteinn", "Bjarni", "Haraldur", "Gísli", "Egill", "Friðrik", "Snorri", "Kári",
			"Þór", "Davíð", "Eiríkur", "Óskar", "Hjalti", "Ari",
		},
		female: []string{
			"Guðrún", "Anna", "Kristín", "Sigríður", "Margrét", "Helga", "Sigrún", "Ingibjörg",
			"Jóhanna", "María", "Katrín", "Elín", "Þóra", "Ásta", "Hildur", "Ragnheiður", "Sólveig",
			"Björk", "Hrefna", "Dagný", "Þórdís", "Auður", "Edda", "Unnur", "Guðný", "Bryndís",
			"Eyrún", "Sunna", "Ásdís", "Hulda",
		},
		surnames: forms(
			"Jónsson/Jónsdóttir/Jónsbur", "Guðmundsson/Guðmundsdóttir/Guðmundsbur",
			"Sigurðsson/Sigurðardóttir/Sigurðarbur", "Gunnarsson/Gunnarsdóttir/Gunnarsbur",
			"Ólafsson/Ólafsdóttir/Ólafsbur", "Einarsson/Einarsdóttir/Einarsbur",
			"Kristjánsson/Kristjánsdóttir/Kristjánsbur", "Magnússon/Magnúsdóttir/Magnúsbur",
			"Stefánsson/Stefánsdóttir/Stefánsbur", "Jóhannsson/Jóhannsdóttir/Jóhannsbur",
			"Björnsson/Björnsdóttir/Björnsbur", "Árnason/Árnadóttir/Árnabur",
			"Helgason/Helgadóttir/Helgabur", "Pálsson/Pálsdóttir/Pálsbur",
			"Pétursson/Pétursdóttir/Pétursbur", "Ragnarsson/Ragnarsdóttir/Ragnarsbur",
			"Halldórsson/Halldórsdóttir/Halldórsbur", "Þorsteinsson/Þorsteinsdóttir/Þorsteinsbur",
			"Bjarnason/Bjarnadóttir/Bjarnabur", "Haraldsson/Haraldsdóttir/Haraldsbur",
			"Gíslason/Gísladóttir/Gíslabur", "Egilsson/Egilsdóttir/Egilsbur",
			"Friðriksson/Friðriksdóttir/Friðriksbur", "Snorrason/Snorradóttir/Snorrabur",
			"Kárason/Káradóttir/Kárabur", "Þórsson/Þórsdóttir/Þórsbur",
			"Davíðsson/Davíðsdóttir/Davíðsbur", "Eiríksson/Eiríksdóttir/Eiríksbur",
			"Óskarsson/Óskarsdóttir/Óskarsbur", "Arason/Aradóttir/Arabur",
		),
		given: []float64{60, 40}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Þverárdalur", "Hafnarfjörður", "Dalvík", "Stykkishólmur", "Ísafjörður", "Egilsstaðir", "Höfn", "Reykholt"},
	},
	{
		name: "turkish",
		male: []string{
			"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
			"Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Salih",
			"Kemal", "Emre", "Burak", "Çağlar", "Barış", "Oğuz", "Uğur", "Serkan", "Gökhan", "Eren",
			"Kaan", "Yiğit", "Doğan", "Tuğrul", "Şükrü", "Çetin", "Erdem",
		},
		female: []string{
			"Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra",
			"Sultan", "Hanife", "Merve", "Özlem", "Yasemin", "Esra", "Büşra", "Gül", "Gülşen",
			"Derya", "Songül", "Tuğba", "Şeyma", "Nur", "Ebru", "Ceren", "Damla", "Dilek", "Çiğdem",
			"İrem", "Ece", "Aslı", "Sıla", "Öykü", "Nazlı", "Ilgın",
		},
		surnames: forms(
			"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
			"Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
			"Şimşek", "Polat", "Özcan", "Korkmaz", "Çakır", "Yavuz", "Can", "Acar", "Şen", "Aktaş",
			"Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal", "Turan", "Işık",
			"Kaplan", "Avcı", "Sarı", "Tekin", "Köse", "Yüksel", "Ateş", "Aksoy", "Uçar", "Dağlı",
			"Çağlayan", "Eğilmez", "Sağlam", "Bağcı", "Ağaoğlu", "İnce", "İlhan", "Karaağaçlıoğlu",
		),
		given: []float64{80, 20}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Yeşilköy", "Karadağ", "Gölbaşı", "Çamlıca", "Akçaova", "Kızılırmak", "Sarıyer", "Bağlarbaşı"},
	},
	{
		name: "romanian",
		male: []string{
			"Andrei", "Alexandru", "Mihai", "Ion", "Gheorghe", "Vasile", "Constantin", "Ștefan",
			"Nicolae", "Florin", "Dumitru", "Marian", "Adrian", "Cristian", "Daniel", "Ionuț",
			"Răzvan", "Bogdan", "Cătălin", "Sorin", "Lucian", "Radu", "Tudor", "Matei", "Șerban",
			"Costică", "Petru", "Aurel", "Dănuț", "Viorel", "Octavian",
		},
		female: []string{
			"Maria", "Elena", "Ioana", "Ana", "Andreea", "Mihaela", "Cristina", "Daniela",
			"Gabriela", "Alexandra", "Mariana", "Ionela", "Florentina", "Georgeta", "Nicoleta",
			"Simona", "Larisa", "Bianca", "Irina", "Oana", "Roxana", "Ștefania", "Teodora", "Alina",
			"Rodica", "Lăcrămioara", "Viorica", "Iuliana", "Anca", "Brândușa", "Cătălina", "Ana-Maria",
		},
		surnames: forms(
			"Popa", "Popescu", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
			"Ciobanu", "Ionescu", "Rusu", "Mihai", "Constantin", "Mocanu", "Munteanu", "Marin",
			"Lungu", "Ștefan", "Tudor", "Dinu", "Florea", "Ene", "Lazăr", "Moldovan", "Cristea",
			"Dobre", "Ungureanu", "Barbu", "Nistor", "Neagu", "Sârbu", "Tănase", "Mureșan", "Bălan",
			"Toma", "Țurcanu", "Căpățână", "Andrieș", "Neamțu", "Țîrlea", "Stănescu", "Oprea",
			"Zăvoianu", "Vlădescu", "Iordache", "Pârvu", "Dumitrescu", "Gavrilă", "Cârstea",
		),
		given: []float64{75, 25}, givenSep: " ", surnameN: []float64{95, 5}, surnameSep: "-",
		places: []string{"Valea Mare", "Dealu Frumos", "Sânmartin", "Fântânele", "Pădureni", "Țara Nouă", "Ștefănești", "Izvoarele"},
	},
	{
		name: "greek",
		male: []string{
			"Georgios", "Ioannis", "Konstantinos", "Dimitrios", "Nikolaos", "Panagiotis",
			"Vasileios", "Christos", "Athanasios", "Michail", "Evangelos", "Spyridon", "Antonios",
			"Anastasios", "Theodoros", "Andreas", "Charalampos", "Alexandros", "Emmanouil", "Ilias",
			"Stavros", "Petros", "Sotirios", "Stylianos", "Eleftherios", "Apostolos", "Fotios",
			"Kyriakos", "Grigorios", "Panteleimon", "Aristeidis",
		},
		female: []string{
			"Maria", "Eleni", "Aikaterini", "Vasiliki", "Sofia", "Angeliki", "Georgia", "Dimitra",
			"Konstantina", "Paraskevi", "Anastasia", "Evangelia", "Ioanna", "Christina",
			"Kalliopi", "Athina", "Eirini", "Panagiota", "Despoina", "Chrysoula", "Stavroula",
			"Alexandra", "Theodora", "Olga", "Zoi", "Styliani", "Efthymia", "Varvara", "Fotini",
			"Kyriaki", "Marina", "Antigoni",
		},
		surnames: forms(
			"Papadopoulos/Papadopoulou", "Papadakis/Papadaki", "Georgiou", "Oikonomou",
			"Vasileiou", "Nikolaidis/Nikolaidou", "Dimitriou", "Konstantinidis/Konstantinidou",
			"Papageorgiou", "Makris/Makri", "Ioannidis/Ioannidou", "Athanasiou",
			"Georgiadis/Georgiadou", "Pappas/Pappa", "Papanikolaou", "Christodoulou",
			"Karagiannis/Karagianni", "Antoniou", "Alexiou", "Vlachos/Vlachou", "Triantafyllou",
			"Angelopoulos/Angelopoulou", "Michailidis/Michailidou",
			"Panagiotopoulos/Panagiotopoulou", "Kyriakidis/Kyriakidou",
			"Stavropoulos/Stavropoulou", "Theodorou", "Petridis/Petridou", "Chatzigeorgiou",
			"Chatzidakis/Chatzidaki", "Konstantinopoulos/Konstantinopoulou", "Papachristodoulou",
			"Mavridis/Mavridou", "Lamprou", "Sarantopoulos/Sarantopoulou", "Zervas/Zerva",
		),
		given: []float64{90, 10}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Agios Nikolaos", "Kato Chorio", "Ano Poli", "Palaiochora", "Neochori", "Kalamaki", "Agia Eleni", "Platanos"},
	},
	{
		name: "russian",
		male: []string{
			"Aleksandr", "Sergei", "Dmitrii", "Andrei", "Aleksei", "Maksim", "Evgenii", "Ivan",
			"Mikhail", "Artem", "Nikolai", "Vladimir", "Pavel", "Roman", "Igor", "Oleg", "Denis",
			"Anton", "Viktor", "Iurii", "Konstantin", "Vladislav", "Kirill", "Egor", "Nikita",
			"Ilia", "Timofei", "Matvei", "Gleb", "Stanislav", "Vadim", "Boris", "Fedor", "Arsenii",
		},
		female: []string{
			"Elena", "Olga", "Natalia", "Tatiana", "Irina", "Svetlana", "Anna", "Mariia",
			"Ekaterina", "Iuliia", "Anastasiia", "Marina", "Liudmila", "Galina", "Valentina",
			"Nadezhda", "Larisa", "Daria", "Polina", "Kseniia", "Alina", "Viktoriia", "Sofiia",
			"Elizaveta", "Vera", "Liubov", "Evgeniia", "Veronika", "Alena", "Kristina", "Margarita",
		},
		surnames: forms(
			"Ivanov/Ivanova", "Smirnov/Smirnova", "Kuznetsov/Kuznetsova", "Popov/Popova",
			"Vasilev/Vasileva", "Petrov/Petrova", "Sokolov/Sokolova", "Mikhailov/Mikhailova",
			"Novikov/Novikova", "Fedorov/Fedorova", "Morozov/Morozova", "Volkov/Volkova",
			"Alekseev/Alekseeva", "Lebedev/Lebedeva", "Semenov/Semenova", "Egorov/Egorova",
			"Pavlov/Pavlova", "Kozlov/Kozlova", "Stepanov/Stepanova", "Nikolaev/Nikolaeva",
			"Orlov/Orlova", "Andreev/Andreeva", "Makarov/Makarova", "Nikitin/Nikitina",
			"Zakharov/Zakharova", "Zaitsev/Zaitseva", "Solovev/Soloveva", "Borisov/Borisova",
			"Iakovlev/Iakovleva", "Grigorev/Grigoreva", "Vorobev/Vorobeva", "Kovalev/Kovaleva",
			"Belov/Belova", "Tarasov/Tarasova", "Kiselev/Kiseleva", "Tsvetkov/Tsvetkova",
			"Shcherbakov/Shcherbakova", "Zhukov/Zhukova", "Tikhonov/Tikhonova",
			"Zaretskii/Zaretskaia", "Pokrovskii/Pokrovskaia", "Rozhdestvenskii/Rozhdestvenskaia",
		),
		patronymics: forms(
			"Aleksandrovich/Aleksandrovna", "Sergeevich/Sergeevna", "Dmitrievich/Dmitrievna",
			"Andreevich/Andreevna", "Alekseevich/Alekseevna", "Ivanovich/Ivanovna",
			"Mikhailovich/Mikhailovna", "Nikolaevich/Nikolaevna", "Vladimirovich/Vladimirovna",
			"Pavlovich/Pavlovna", "Igorevich/Igorevna", "Olegovich/Olegovna",
			"Viktorovich/Viktorovna", "Iurevich/Iurevna", "Evgenevich/Evgenevna",
			"Borisovich/Borisovna", "Konstantinovich/Konstantinovna", "Petrovich/Petrovna",
			"Vasilevich/Vasilevna", "Anatolevich/Anatolevna", "Gennadevich/Gennadevna",
			"Valerevich/Valerevna", "Nikitich/Nikitichna", "Ilich/Ilinichna", "Fedorovich/Fedorovna",
			"Romanovich/Romanovna", "Maksimovich/Maksimovna", "Antonovich/Antonovna",
		),
		patronymicP: 0.55,
		given:       []float64{100}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Novoselki", "Krasnogorka", "Berezovka", "Zelenodolsk", "Sosnovyi Bor", "Ozerki", "Svetlogorka", "Belaia Reka"},
	},
	{
		name: "ukrainian",
		male: []string{
			"Oleksandr", "Serhii", "Dmytro", "Andrii", "Yurii", "Mykola", "Volodymyr", "Vasyl",
			"Ivan", "Oleh", "Taras", "Bohdan", "Petro", "Pavlo", "Mykhailo", "Yaroslav", "Vitalii",
			"Viktor", "Roman", "Ihor", "Maksym", "Artem", "Denys", "Yevhen", "Anatolii", "Stepan",
			"Ostap", "Nazar", "Markiian", "Danylo", "Vadym", "Hryhorii",
		},
		female: []string{
			"Olena", "Olha", "Nataliia", "Tetiana", "Iryna", "Svitlana", "Hanna", "Mariia",
			"Kateryna", "Yuliia", "Anastasiia", "Oksana", "Liudmyla", "Halyna", "Valentyna",
			"Nadiia", "Larysa", "Daryna", "Sofiia", "Viktoriia", "Khrystyna", "Solomiia", "Zoriana",
			"Bohdana", "Yaryna", "Oleksandra", "Liubov", "Vira", "Marharyta", "Uliana", "Roksolana",
		},
		surnames: forms(
			"Melnyk", "Kovalenko", "Bondarenko", "Boiko", "Tkachenko", "Kravchenko", "Kovalchuk",
			"Koval", "Oliinyk", "Shevchuk", "Polishchuk", "Bondar", "Tkachuk", "Marchenko", "Moroz",
			"Lysenko", "Rudenko", "Savchenko", "Petrenko", "Klymenko", "Pavlenko", "Savchuk",
			"Kuzmenko", "Levchenko", "Ponomarenko", "Kharchenko", "Vasylenko", "Ivanenko",
			"Hnatiuk", "Kostenko", "Zhuk", "Holub", "Hrytsenko", "Yaremchuk", "Fedorchuk",
			"Prykhodko", "Didenko", "Lytvyn", "Karpenko", "Ostapchuk", "Humeniuk", "Sydorenko",
			"Nazarenko", "Velychko",
		),
		patronymics: forms(
			"Oleksandrovych/Oleksandrivna", "Serhiiovych/Serhiivna", "Mykolaiovych/Mykolaivna",
			"Volodymyrovych/Volodymyrivna", "Vasylovych/Vasylivna", "Ivanovych/Ivanivna",
			"Petrovych/Petrivna", "Mykhailovych/Mykhailivna", "Yuriiovych/Yuriivna",
			"Viktorovych/Viktorivna", "Andriiovych/Andriivna", "Bohdanovych/Bohdanivna",
			"Romanovych/Romanivna", "Stepanovych/Stepanivna", "Tarasovych/Tarasivna",
		),
		patronymicP: 0.45,
		given:       []float64{100}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Vyshneve", "Zelenyi Hai", "Kalynivka", "Sosnivka", "Bilohorodka", "Dubove", "Yablunivka", "Novoselytsia"},
	},
	{
		name: "arabic",
		male: []string{
			"Mohammed", "Ahmed", "Ali", "Omar", "Khalid", "Hassan", "Hussein", "Ibrahim", "Youssef",
			"Mustafa", "Abdullah", "Abdulrahman", "Abdelaziz", "Faisal", "Tariq", "Karim", "Samir",
			"Walid", "Nabil", "Rami", "Fadi", "Ziad", "Hamza", "Bilal", "Anas", "Saeed", "Majid",
			"Sultan", "Nasser", "Jamal", "Adel", "Hisham", "Marwan", "Imad", "Ayman", "Ra'ed",
			"Mahmoud", "Sami", "Abdel-Karim",
		},
		female: []string{
			"Fatima", "Aisha", "Maryam", "Noor", "Layla", "Zainab", "Huda", "Amira", "Salma",
			"Rania", "Yasmin", "Hala", "Dina", "Reem", "Lina", "Sara", "Mona", "Nadia", "Samira",
			"Ghada", "Hanan", "Rasha", "Suha", "Jamila", "Khadija", "Asma", "Manal", "Iman",
			"Lubna", "Wafa", "Dalal", "Rawan", "Shahd", "Abeer", "Bushra", "Hayat",
		},
		surnames: forms(
			"Al-Masri", "Al-Hashimi", "Al-Khalil", "Al-Tamimi", "Al-Qahtani", "Al-Ghamdi",
			"Al-Zahrani", "Al-Shehri", "Al-Otaibi", "Al-Harbi", "Al-Mutairi", "Al-Dosari",
			"Al-Amri", "Al-Shammari", "Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Hassan",
			"Hussein", "Ibrahim", "Khalil", "Abdallah", "Aziz", "Abu Zaid", "Abdel-Rahman",
			"El-Sayed", "El-Masry", "Farouk", "Youssef", "Salem", "Ayoub", "Darwish", "Hamdan",
			"Jaber", "Kassem", "Othman", "Qasim", "Rashid", "Sabbagh", "Tahan", "Zein",
			"Al-Sa'di", "Bou Saab", "Ben Youssef",
		),
		lineage: 0.55,
		given:   []float64{100}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Wadi al-Nakhil", "Ras al-Ain", "Tell al-Zahra", "Dar al-Salam", "Ain Safra", "Qasr al-Bahr", "Jebel Akhdar", "Bir al-Sabaa"},
	},
	{
		name: "vietnamese",
		male: []string{
			"Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Quang", "Thắng", "Sơn", "Phong",
			"Khoa", "Bảo", "Huy", "Hiếu", "Trung", "Cường", "Tâm", "Đạt", "Khánh", "Vinh",
			"Phúc", "Thành", "Tùng", "Hưng", "Lộc", "Toàn", "Minh", "Quân", "Nghĩa", "Việt",
		},
		female: []string{
			"Lan", "Hương", "Linh", "Mai", "Hoa", "Trang", "Ngọc", "Thảo", "Hằng", "Nhung",
			"Phương", "Anh", "Yến", "Vy", "Hà", "Quỳnh", "Trinh", "Huyền", "Nga", "Thủy",
			"Loan", "Oanh", "Dung", "Tuyết", "Diệp", "My", "Thư", "Minh", "Hạnh", "Uyên",
		},
		middle: [2][]string{
			{"Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh", "Xuân", "Hoàng", "Gia", "Văn Minh"},
			{"Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Phương", "Mỹ", "Hồng", "Thị Thu"},
		},
		middleP: 0.9,
		surnames: forms(
			"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
			"Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Tạ", "Quách",
			"Châu", "Tô", "Hà", "Cao", "Lương", "Đoàn", "Trịnh", "Đào", "Thái", "Kiều", "Vương",
		),
		given: []float64{100}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Thanh Xuân", "Phú Mỹ", "Long Điền", "An Phước", "Tân Lập", "Vĩnh Hòa", "Bình Minh", "Đông Hà"},
	},
	{
		name: "chinese",
		male: []string{
			"Wei", "Jun", "Hao", "Yong", "Jie", "Lei", "Tao", "Ming", "Qiang", "Jian", "Bo",
			"Peng", "Chao", "Gang", "Long", "Xiang", "Zhiwei", "Jianguo", "Haoran", "Zihao",
			"Yuxuan", "Junjie", "Zhiqiang", "Wenbo", "Hongwei", "Guoqiang", "Jiahao", "Yichen",
			"Zhenyu", "Xiaoming", "Tianyu", "Mingxuan", "Weidong", "Yong'an",
		},
		female: []string{
			"Fang", "Jing", "Li", "Min", "Yan", "Ying", "Hong", "Xia", "Juan", "Ling", "Mei", "Na",
			"Yuxin", "Xinyi", "Zihan", "Yutong", "Xiaomei", "Lihua", "Meiling", "Shuang", "Jiayi",
			"Yiran", "Xueying", "Ruoxi", "Wenjing", "Lingling", "Xiaoyan", "Huiling", "Qian",
			"Yawen", "Mengyao", "Shiyu", "Jiaqi", "Siqi", "Jia'en",
		},
		surnames: forms(
			"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
			"Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie",
			"Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong",
			"Pan", "Yuan", "Cai", "Jiang", "Yu", "Lyu", "Du", "Ye", "Cheng", "Su", "Ouyang", "Situ",
			"Shangguan", "Zhuge",
		),
		given: []float64{100}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Qingshui", "Baihe", "Xinzhuang", "Longtan", "Shuangliu", "Changping", "Jinshan", "Dongping"},
	},
	{
		name: "indian",
		male: []string{
			"Rahul", "Amit", "Rajesh", "Suresh", "Ramesh", "Vijay", "Sanjay", "Anil", "Sunil",
			"Arjun", "Vikram", "Aditya", "Karan", "Nikhil", "Pradeep", "Manoj", "Deepak", "Ashok",
			"Prakash", "Harish", "Venkatesh", "Srinivas", "Gurpreet", "Arvind", "Anand", "Siddharth",
			"Abhishek", "Vivek", "Rakesh", "Santosh", "Balasubramanian", "Lakshminarayanan",
			"Venkataramanan", "Mohammed Irfan",
		},
		female: []string{
			"Priya", "Anjali", "Sunita", "Anita", "Kavita", "Pooja", "Neha", "Deepa", "Lakshmi",
			"Meena", "Geeta", "Rekha", "Sneha", "Divya", "Shreya", "Aishwarya", "Ananya", "Kavya",
			"Swati", "Nisha", "Shalini", "Padmavathi", "Jayalakshmi", "Manpreet", "Simran",
			"Radhika", "Savitri", "Usha", "Parvati", "Vaishnavi", "Bhagyalakshmi", "Sowmya",
			"Revathi", "Harpreet",
		},
		surnames: forms(
			"Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Mehta", "Iyer", "Iyengar",
			"Nair", "Menon", "Pillai", "Reddy", "Rao", "Naidu", "Chowdhury", "Banerjee",
			"Chatterjee", "Mukherjee", "Bhattacharya", "Das", "Bose", "Ghosh", "Sen", "Joshi",
			"Kulkarni", "Deshpande", "Patil", "Desai", "Jain", "Agarwal", "Malhotra", "Sinha",
			"Mishra", "Tiwari", "Pandey", "Yadav", "Dubey", "Saxena", "Srivastava", "Thakur",
			"Bhat", "Hegde", "Shetty", "Gill", "Sandhu", "Dhillon", "Grewal", "Krishnan",
			"Venkataraman", "Ramachandran", "Balakrishnan", "Chandrasekhar", "Raghunathan",
			"Parthasarathy", "Narayanaswamy", "Gopalakrishnan",
		),
		given: []float64{80, 20}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Rampur", "Shantinagar", "Krishnapuram", "Chandanpur", "Navagaon", "Sundarpur", "Lakshmipuram", "Devgarh"},
	},
	{
		name: "yoruba",
		male: []string{
			"Adébáyọ̀", "Adéwálé", "Babátúndé", "Olúwaṣeun", "Ọláolúwa", "Olúwatóbi", "Ayọ̀délé",
			"Adékúnlé", "Olúmídé", "Ọláwálé", "Fẹ́mi", "Dàpọ̀", "Kẹ́hìndé", "Táíwò", "Ìdòwú",
			"Ọlátúndé", "Akínwùmí", "Adébọ́lá", "Gbénga", "Bámidélé", "Oládélé", "Abíọ́dún",
			"Tèmítọ́pẹ́", "Dàmílàrè", "Káyọ̀dé", "Ṣẹ́gun", "Túnjí", "Ọlámílékan", "Adéyẹmí", "Kọ́lá",
		},
		female: []string{
			"Adéọlá", "Fọláṣadé", "Ṣadé", "Títílayọ̀", "Bọ́lánlé", "Mọ́rẹ́nikẹ́", "Yéwándé",
			"Fúnmiláyọ̀", "Kẹ́mi", "Ìbùkúnolúwa", "Adétóun", "Ayọ̀bámi", "Ọlájùmọ̀kẹ́", "Abímbọ́lá",
			"Dúpẹ́", "Tọ́lání", "Bùkọ́lá", "Mòjísọ́lá", "Jùmọ̀kẹ́", "Ọmọ́lará", "Àdùkẹ́", "Yétúndé",
			"Ṣọlápé", "Àyìnkẹ́", "Ẹniọlá", "Kẹ́hìndé", "Táíwò", "Abíọ́dún", "Tèmítọ́pẹ́",
		},
		surnames: forms(
			"Adébáyọ̀", "Ọládélé", "Adéyẹmí", "Ògúndélé", "Ọ̀ṣúntọ́kun", "Akínọlá", "Bámgbóṣé",
			"Ọlátúnjí", "Adégbọ́lá", "Àjàyí", "Oyèlárán", "Adéníyì", "Akíndélé", "Adéòṣun",
			"Olúwọlé", "Àkàndé", "Àlàbí", "Adéwùmí", "Ọlọ́runfẹ́mi", "Bánkọ́lé", "Adébísí", "Òjó",
			"Adélékè", "Ògúnbánjọ", "Ìṣọ̀lá", "Ọlágúnjú", "Adésànyà", "Àdìgún", "Fálọlá",
			"Ọlálékan", "Ọ̀ṣúnlàní-Adébáyọ̀",
		),
		given: []float64{55, 45}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Ọ̀yọ́ Tuntun", "Abẹ́òkúta", "Ògbómọ̀ṣọ́", "Iléṣà", "Ìwó", "Èrìn-Ọ̀ṣun", "Ìkirè", "Ọ̀fà"},
	},
	{
		name: "igbo",
		male: []string{
			"Chukwuemeka", "Obinna", "Chinedu", "Ikechukwu", "Emeka", "Nnamdi", "Chidi", "Uchenna",
			"Ifeanyịchukwu", "Chibuike", "Kelechi", "Ebuka", "Obiọma", "Nnaemeka", "Chukwudi",
			"Tochukwu", "Okechukwu", "Ugochukwu", "Somtochukwu", "Kenechukwu", "Onyekachi",
			"Chimaobi", "Ikenna", "Arinze", "Ekene", "Chijioke", "Izuchukwu", "Olisa", "Chinọnso",
		},
		female: []string{
			"Chiamaka", "Ngozi", "Ifeoma", "Nkechi", "Adaeze", "Chioma", "Chinọnso", "Obiageli",
			"Nneka", "Amaka", "Uchechi", "Chinwe", "Ifeyinwa", "Ogechi", "Ụzọamaka", "Chidinma",
			"Adaora", "Ebere", "Nkiruka", "Onyinye", "Ijeọma", "Chinyere", "Oluchi", "Ezinne",
			"Nneoma", "Adanna", "Ụgọchi", "Uchenna", "Kamsiyọchukwu",
		},
		surnames: forms(
			"Okonkwo", "Okafor", "Eze", "Nwosu", "Obi", "Nwankwọ", "Ọkọye", "Okeke", "Nwachukwu",
			"Onyekwere", "Chukwu", "Ugwu", "Anyanwu", "Okoro", "Okorie", "Nnadi", "Ezeh", "Ibe",
			"Ogbonna", "Nwafor", "Onuọha", "Udeh", "Iwuchukwu", "Obiora", "Nwokolo", "Mbah",
			"Ọnwụka", "Agụ", "Ezenwa", "Ụdọka", "Ịhejirika", "Nwaogu", "Ọkpara",
		),
		given: []float64{60, 40}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"Umuahia", "Nnewi", "Ọka", "Ụmụọji", "Obosi", "Amaigbo", "Nkwerre", "Ihiala"},
	},
	{
		name: "filipino",
		male: []string{
			"Jose", "Juan", "Mark", "John Paul", "Christian", "Jerome", "Rodel", "Ramil", "Noel",
			"Arnel", "Jomar", "Rommel", "Reynaldo", "Eduardo", "Ricardo", "Danilo", "Efren",
			"Rogelio", "Bienvenido", "Angelito", "Marlon", "Jayson", "Kristoffer", "Joshua",
			"Carlo", "Paolo", "Miguel", "Rafael", "Gabriel", "Dindo",
		},
		female: []string{
			"Maria Cristina", "Ma. Theresa", "Ma. Luisa", "Angelica", "Jocelyn", "Marites",
			"Maricel", "Rowena", "Lorna", "Lourdes", "Rosario", "Charmaine", "Kristine", "Joy",
			"Princess", "Mary Grace", "Rhea", "Liezl", "Mylene", "Janelle", "Angeline", "Jennifer",
			"Abegail", "Erlinda", "Remedios", "Milagros", "Perla", "Ligaya", "Luningning", "Dalisay",
			"Tala",
		},
		surnames: forms(
			"dela Cruz", "de la Cruz", "Santos", "Reyes", "Garcia", "Bautista", "Ocampo", "Mendoza",
			"Torres", "Tomas", "Andres", "Castillo", "Flores", "Villanueva", "Ramos", "Castro",
			"Rivera", "Navarro", "Salazar", "Mercado", "de Guzman", "delos Santos", "de los Reyes",
			"Pascual", "Manalo", "Dimaculangan", "Macaraeg", "Magbanua", "Dimaano", "Panganiban",
			"Batungbakal", "Soriano", "Agbayani", "Catacutan", "Tolentino", "Quiambao", "Sison",
		),
		given: []float64{65, 35}, givenSep: " ", surnameN: []float64{100}, surnameSep: " ",
		places: []string{"San Isidro", "Santa Rosa", "Bagumbayan", "Maligaya", "Dalampasigan", "San Roque", "Pulong Buhangin", "Bagong Silang"},
	},
}

// Cultures lists the names of the name pools NewHolder draws from.
func Cultures() []string {
	out := make([]string, len(cultures))
	for i, c := range cultures {
		out[i] = c.name
	}
	return out
}
