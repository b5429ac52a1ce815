package gazetteer

// Small hand-written lists that complete the two public sources: well-known
// aliases the country list lacks, regions, US states, religious and
// political groups, and international organisations. Written for this
// project from general knowledge, not from any evaluation text.

// countryAliases adds names under an ISO 3166-1 alpha-2 code.
var countryAliases = map[string][]string{
	"US": {"U.S.", "US", "USA", "U.S.A.", "America", "United States", "United States of America"},
	"GB": {"UK", "U.K.", "Britain", "Great Britain", "United Kingdom"},
	"AE": {"UAE", "U.A.E.", "Emirates"},
	"KP": {"North Korea", "DPRK"},
	"KR": {"South Korea"},
	"CN": {"PRC", "Mainland China"},
	"CD": {"DRC", "DR Congo", "Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"},
	"CG": {"Congo-Brazzaville", "Republic of Congo"},
	"NL": {"Holland"},
	"MM": {"Burma"},
	"CZ": {"Czech Republic", "Czechia"},
	"RU": {"Russian Federation"},
	"SY": {"Syrian Arab Republic"},
	"PS": {"Palestine", "Palestinian Territories", "Occupied Palestinian Territories"},
	"VA": {"Vatican", "Holy See"},
	"TW": {"Taiwan"},
	"MK": {"Macedonia"},
	"SZ": {"Swaziland"},
	"TL": {"East Timor"},
	"CV": {"Cape Verde"},
	"TR": {"Turkey"},
}

// demonymAliases adds nationality words under an ISO code.
var demonymAliases = map[string][]string{
	"GB": {"Briton", "Britons", "Brit", "Brits", "Englishman", "English", "Scottish", "Scots", "Welsh"},
	"US": {"Americans", "American"},
	"NL": {"Dutch", "Dutchman"},
	"DK": {"Danes", "Dane"},
	"FI": {"Finns", "Finn"},
	"SE": {"Swedes", "Swede"},
	"PL": {"Poles", "Pole"},
	"TR": {"Turks", "Turk"},
	"ES": {"Spaniards", "Spaniard"},
	"FR": {"Frenchman", "Frenchmen"},
	"PH": {"Filipinos", "Filipino"},
	"IL": {"Israelis"},
	"PS": {"Palestinians", "Palestinian"},
	"AF": {"Afghans", "Afghan"},
	"TH": {"Thais"},
	"SA": {"Saudis", "Saudi"},
	"NZ": {"Kiwis"},
	"CN": {"Chinese"},
	"JP": {"Japanese"},
	"KR": {"South Korean", "South Koreans"},
	"KP": {"North Korean", "North Koreans"},
	"RS": {"Serb", "Serbs"},
	"HR": {"Croat", "Croats"},
	"BA": {"Bosniak", "Bosniaks"},
	"UZ": {"Uzbek", "Uzbeks"},
	"AZ": {"Azeri", "Azeris"},
	"KG": {"Kyrgyz"},
	"TJ": {"Tajik", "Tajiks"},
	"TM": {"Turkmen"},
}

// groups are nationalities without a state, religions, ethnic and political
// groups (NORP).
var groups = []string{
	"Arab", "Arabs", "Arabic", "Kurd", "Kurds", "Kurdish", "Pashtun", "Pashtuns", "Baloch", "Tamil", "Tamils",
	"Hutu", "Hutus", "Tutsi", "Tutsis", "Uighur", "Uighurs", "Uyghur", "Uyghurs", "Rohingya", "Berber", "Berbers",
	"Sunni", "Sunnis", "Shia", "Shias", "Shiite", "Shiites", "Shi'ite", "Shi'ites", "Muslim", "Muslims", "Islamic", "Islamist", "Islamists",
	"Christian", "Christians", "Catholic", "Catholics", "Protestant", "Protestants", "Orthodox", "Evangelical", "Evangelicals",
	"Jew", "Jews", "Jewish", "Hindu", "Hindus", "Buddhist", "Buddhists", "Sikh", "Sikhs", "Druze", "Alawite", "Alawites",
	"Coptic", "Copts", "Yazidi", "Yazidis", "Zionist", "Zionists", "Hispanic", "Hispanics", "Latino", "Latinos", "Latina",
	"European", "Europeans", "African", "Africans", "Asian", "Asians", "Western", "Westerners", "Arabian", "Caucasian",
	"Latin American", "Latin Americans", "African American", "African Americans", "Middle Eastern", "Scandinavian",
	"Democrat", "Democrats", "Republican", "Republicans", "Conservative", "Conservatives", "Labourite", "Tory", "Tories",
	"Communist", "Communists", "Socialist", "Socialists", "Maoist", "Maoists", "Marxist", "Marxists", "Bolshevik", "Liberal Democrats",
	"Korean", "Koreans", "Tibetan", "Tibetans", "Chechen", "Chechens", "Kashmiri", "Kashmiris", "Yugoslav", "Yugoslavs", "Sufi", "Salafi", "Salafist", "Salafists", "Wahhabi", "Mormon", "Mormons", "Anglican", "Anglicans",
	// Peoples and languages: news annotation (OntoNotes, WorldWide) types
	// ethnic groups, indigenous peoples and languages as NORP. Names that
	// are also common given names or places (Maya, Karen, Shan, Chin,
	// Roma, San, Sami) are left out.
	// The Americas.
	"Inuit", "Inuk", "Métis", "First Nations", "Cree", "Ojibwe", "Ojibwa", "Anishinaabe", "Mohawk", "Mi'kmaq", "Mi'kmaw",
	"Haida", "Dene", "Innu", "Cherokee", "Navajo", "Lakota", "Sioux", "Apache", "Hopi", "Mayan", "Mayans", "Aztec", "Aztecs",
	"Quechua", "Aymara", "Mapuche", "Guarani", "Guaraní", "Wayuu", "Garifuna", "Miskito", "Yanomami", "Kayapo", "Shuar", "Kichwa",
	"Afro-Colombian", "Afro-Colombians", "Afro-Brazilian", "Afro-Brazilians", "Mestizo", "Mestizos", "Creole", "Creoles",
	// Oceania.
	"Aboriginal", "Aborigines", "Torres Strait Islander", "Torres Strait Islanders", "Māori", "Maori", "Pasifika", "Kanak", "Papuan", "Papuans",
	// Asia.
	"Hmong", "Kachin", "Naga", "Nagas", "Mizo", "Adivasi", "Adivasis", "Dalit", "Dalits", "Sherpa", "Sherpas", "Gurkha", "Gurkhas",
	"Hazara", "Hazaras", "Sindhi", "Sindhis", "Punjabi", "Punjabis", "Bengali", "Bengalis", "Gujarati", "Gujaratis", "Marathi",
	"Telugu", "Malayali", "Malayalis", "Kannadiga", "Kannadigas", "Sinhalese", "Sinhala", "Bihari", "Biharis", "Ainu", "Dayak", "Dayaks",
	"Javanese", "Sundanese", "Acehnese", "Igorot", "Lumad", "Tatar", "Tatars", "Bashkir", "Buryat", "Yakut",
	// Africa.
	"Maasai", "Masai", "Zulu", "Zulus", "Xhosa", "Sotho", "Tswana", "Ndebele", "Shona", "Yoruba", "Igbo", "Hausa", "Fulani",
	"Tuareg", "Amazigh", "Oromo", "Amhara", "Tigrayan", "Tigrayans", "Kikuyu", "Kalenjin", "Luhya", "Baganda", "Akan",
	"Wolof", "Mandinka", "Dinka", "Nuer", "Nubian", "Nubians", "Bedouin", "Bedouins", "Afrikaner", "Afrikaners", "Boer", "Boers",
	"Khoisan", "Himba", "Pygmy", "Pygmies", "Batwa", "Bantu",
	// Europe and the Middle East.
	"Saami", "Sámi", "Romani", "Basque", "Basques", "Catalan", "Catalans", "Flemish", "Walloon", "Walloons", "Corsican", "Breton",
	"Assyrian", "Assyrians", "Chaldean", "Chaldeans", "Maronite", "Maronites", "Circassian", "Circassians", "Ismaili", "Ismailis",
	"Ahmadi", "Ahmadis", "Ahmadiyya", "Parsi", "Parsis", "Zoroastrian", "Zoroastrians", "Jain", "Jains", "Baha'i", "Rastafarian",
	"Rastafarians", "Haredi", "Hasidic", "Ashkenazi", "Sephardic", "Mizrahi",
	// Communities named by an initialism.
	"LGBT", "LGBTQ", "LGBTQ+", "LGBTI", "LGBTQI", "LGBTIQ",
	// Languages ("English" is a demonym of GB, above).
	"Mandarin", "Cantonese", "Hindi", "Urdu", "Hebrew", "Swahili", "Farsi", "Pashto", "Dari", "Tagalog", "Inuktitut",
	"Yiddish", "Esperanto", "Sanskrit", "Tigrinya", "Amharic", "Kiswahili",
}

// regions are continents, seas, regions and US states (LOC without an ID).
var regions = []string{
	"Africa", "Asia", "Europe", "Antarctica", "Oceania", "Eurasia", "Americas", "North America", "South America",
	"Latin America", "Central America", "Middle East", "Near East", "Far East", "Gulf", "Persian Gulf", "Arabian Peninsula",
	"Balkans", "Caucasus", "Caribbean", "Scandinavia", "Sahara", "Sahel", "Horn of Africa", "Sub-Saharan Africa",
	"West Africa", "East Africa", "North Africa", "Southern Africa", "Central Africa", "Southeast Asia", "South Asia",
	"East Asia", "Central Asia", "Western Europe", "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe",
	"Mediterranean", "Pacific", "Atlantic", "Indian Ocean", "Arctic", "Red Sea", "Black Sea", "Baltic", "Baltic Sea",
	"South China Sea", "Strait of Hormuz", "West Bank", "Gaza", "Gaza Strip", "Golan Heights", "Kashmir", "Crimea", "Donbas",
	"Kurdistan", "Korea", "Korean Peninsula", "Siberia", "Tibet", "Xinjiang", "Darfur", "Chechnya", "Punjab", "Bengal", "Patagonia", "Amazon",
	"Himalayas", "Alps", "Andes", "Nile", "Euphrates", "Tigris", "Mekong", "Danube", "Rhine", "Mississippi",
	"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
	"Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
	"Massachusetts", "Michigan", "Minnesota", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
	"New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
	"Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming", "England", "Scotland", "Wales", "Northern Ireland", "Ontario", "Quebec",
	"British Columbia", "Alberta", "Queensland", "New South Wales", "Victoria", "Bavaria", "Catalonia", "Sicily", "Sardinia",
	"District of Columbia",
	// The other Canadian provinces and territories, Australian states and
	// territories, and the first-level divisions of the most populous
	// countries, which datelines and place appositions name ("Cambridge
	// Bay, Nunavut", "Zhengzhou, Henan").
	"Manitoba", "Saskatchewan", "Nova Scotia", "New Brunswick", "Newfoundland", "Newfoundland and Labrador", "Labrador",
	"Prince Edward Island", "Yukon", "Northwest Territories", "Nunavut",
	"South Australia", "Western Australia", "Tasmania", "Northern Territory", "Australian Capital Territory",
	"Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat", "Haryana", "Himachal Pradesh",
	"Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha",
	"Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal", "Ladakh",
	"Anhui", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei", "Hunan",
	"Inner Mongolia", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanxi", "Sichuan",
	"Yunnan", "Zhejiang",
	"Sindh", "Balochistan", "Khyber Pakhtunkhwa", "Gilgit-Baltistan",
	"Aceh", "Papua", "West Papua", "Java", "Sumatra", "Borneo", "Sulawesi", "Kalimantan", "Mindanao", "Luzon",
	"Lagos State", "Kano", "Borno", "Rivers State", "Oromia", "Tigray", "Amhara Region",
	"São Paulo", "Rio de Janeiro", "Minas Gerais", "Bahia", "Amazonas", "Chiapas", "Oaxaca", "Jalisco", "Sonora", "Chihuahua",
	"Tamaulipas", "Michoacán", "Guerrero", "Sinaloa", "Baja California",
	// US states and Canadian provinces as datelines abbreviate them (AP style).
	"Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Ky.", "La.", "Md.",
	"Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.",
	"Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Vt.", "Va.", "Wash.", "W.Va.", "Wis.", "Wyo.", "D.C.",
	"Ont.", "Que.", "B.C.", "Alta.", "Sask.", "Man.", "N.S.", "N.B.", "N.L.", "P.E.I.", "N.W.T.",
}

// orgs are international organisations, with aliases; the first name is canonical.
var orgs = [][]string{
	{"United Nations", "UN", "U.N."}, {"European Union", "EU", "E.U."}, {"NATO", "Nato", "North Atlantic Treaty Organization"},
	{"World Health Organization", "WHO"}, {"International Monetary Fund", "IMF"}, {"World Bank"},
	{"World Trade Organization", "WTO"}, {"African Union", "AU"}, {"Arab League"}, {"OPEC", "Opec"},
	{"Association of Southeast Asian Nations", "ASEAN", "Asean"}, {"UN Security Council", "Security Council"},
	{"International Atomic Energy Agency", "IAEA"}, {"International Criminal Court", "ICC"},
	{"Red Cross", "International Committee of the Red Cross", "ICRC"}, {"UNICEF", "Unicef"},
	{"Amnesty International"}, {"Human Rights Watch"}, {"Pentagon"}, {"Kremlin"}, {"White House"},
	{"State Department"}, {"Congress"}, {"Senate"}, {"Parliament"}, {"CIA"}, {"FBI"}, {"Hamas"}, {"Hezbollah"}, {"Taliban"},
	{"al-Qaeda", "al-Qaida", "al Qaeda", "Al-Qaeda", "Al Qaeda"}, {"Islamic State", "ISIS", "ISIL", "IS"},
	{"Reuters"}, {"Associated Press", "AP"}, {"AFP", "Agence France-Presse"}, {"BBC"}, {"CNN"},
	{"Revolutionary Guards", "Revolutionary Guard", "IRGC", "Islamic Revolutionary Guard Corps"},
	{"Commonwealth"}, {"G7", "G-7"}, {"G20", "G-20"}, {"European Commission"}, {"European Parliament"},
	// Central banks, market regulators and supervisors, exchanges and
	// rating agencies: the bodies business news quotes most.
	{"Federal Reserve", "Fed", "US Federal Reserve", "Federal Reserve Board"}, {"European Central Bank", "ECB"},
	{"Bank of England", "BoE"}, {"Bank of Japan", "BoJ", "BOJ"}, {"People's Bank of China", "PBOC", "PBoC"},
	{"Reserve Bank of India", "RBI"}, {"Reserve Bank of Australia", "RBA"}, {"Reserve Bank of New Zealand", "RBNZ"},
	{"Bank of Canada"}, {"Swiss National Bank", "SNB"}, {"Bundesbank", "Deutsche Bundesbank"}, {"Banque de France"},
	{"Bank of Korea"}, {"Central Bank of Brazil", "Banco Central do Brasil"}, {"South African Reserve Bank", "SARB"},
	{"Central Bank of Nigeria", "CBN"}, {"Bank for International Settlements", "BIS"}, {"Financial Stability Board"},
	{"Securities and Exchange Commission", "SEC", "U.S. Securities and Exchange Commission", "US Securities and Exchange Commission"},
	{"Commodity Futures Trading Commission", "CFTC"}, {"Federal Trade Commission", "FTC"},
	{"Federal Deposit Insurance Corporation", "FDIC"}, {"Consumer Financial Protection Bureau", "CFPB"},
	{"Office of the Comptroller of the Currency", "OCC"}, {"Financial Industry Regulatory Authority", "FINRA", "Finra"},
	{"Department of Justice", "Justice Department", "DOJ"}, {"Internal Revenue Service", "IRS"},
	{"Food and Drug Administration", "FDA"}, {"Environmental Protection Agency", "EPA"},
	{"Federal Aviation Administration", "FAA"}, {"Federal Communications Commission", "FCC"},
	{"Financial Conduct Authority", "FCA"}, {"Prudential Regulation Authority", "PRA"},
	{"Competition and Markets Authority", "CMA"}, {"Serious Fraud Office", "SFO"}, {"HM Revenue and Customs", "HMRC"},
	{"Ofcom"}, {"Ofgem"}, {"Ofwat"}, {"European Banking Authority", "EBA"},
	{"European Securities and Markets Authority", "ESMA"}, {"European Medicines Agency", "EMA"},
	{"Securities and Exchange Board of India", "SEBI", "Sebi"}, {"China Securities Regulatory Commission", "CSRC"},
	{"Australian Securities and Investments Commission", "ASIC"}, {"Financial Services Agency"},
	{"New York Stock Exchange", "NYSE"}, {"Nasdaq"}, {"London Stock Exchange"}, {"Hong Kong Stock Exchange", "HKEX"},
	{"Tokyo Stock Exchange"}, {"Shanghai Stock Exchange"}, {"Shenzhen Stock Exchange"}, {"Euronext"},
	{"Deutsche Boerse", "Deutsche Börse"}, {"Moody's", "Moody's Investors Service"}, {"S&P Global Ratings", "Standard & Poor's"},
	{"Fitch Ratings"}, {"International Energy Agency", "IEA"},
	{"Organisation for Economic Co-operation and Development", "OECD", "Organization for Economic Cooperation and Development"},
	{"World Economic Forum", "WEF"}, {"Asian Development Bank", "ADB"}, {"African Development Bank", "AfDB"},
	{"European Investment Bank", "EIB"}, {"European Bank for Reconstruction and Development", "EBRD"},
	{"Inter-American Development Bank", "IDB"}, {"New Development Bank"}, {"Asian Infrastructure Investment Bank", "AIIB"},
	{"UNESCO", "Unesco"}, {"UNHCR"}, {"World Food Programme", "WFP"}, {"Interpol"}, {"Europol"}, {"NASA"},
	{"Gulf Cooperation Council", "GCC"}, {"Economic Community of West African States", "ECOWAS", "Ecowas"},
	{"Southern African Development Community", "SADC"}, {"East African Community", "EAC"}, {"Mercosur"},
}

// titles are words that precede a person's name and are not part of it.
// The tagger strips them from PERSON mentions and canonical names.
var titles = []string{
	"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Prof", "Prof.", "Professor", "Sir", "Dame", "Lord", "Lady",
	"Gen", "Gen.", "General", "Lt", "Lt.", "Lieutenant", "Col", "Col.", "Colonel", "Maj", "Maj.", "Major", "Capt", "Capt.", "Captain",
	"Sgt", "Sgt.", "Sergeant", "Cpl", "Corporal", "Adm", "Adm.", "Admiral", "Commander", "Marshal", "Brigadier",
	"President", "Vice-President", "Vice", "Premier", "Prime", "Minister", "Chancellor", "Secretary", "Ambassador", "Envoy",
	"Governor", "Gov", "Gov.", "Senator", "Sen", "Sen.", "Rep", "Rep.", "Representative", "Congressman", "Congresswoman",
	"Mayor", "Judge", "Justice", "Chief", "King", "Queen", "Prince", "Princess", "Emperor", "Sheikh", "Sheik", "Emir", "Sultan",
	"Ayatollah", "Imam", "Mullah", "Pope", "Cardinal", "Archbishop", "Bishop", "Rabbi", "Reverend", "Rev", "Rev.", "Father", "Saint",
	"Pastor", "Deputy", "Foreign", "Defence", "Defense", "Interior", "Finance", "Speaker", "Chairman", "Chairwoman", "Director",
	"Detective", "Inspector", "Officer", "Agent", "Coach", "Dictator", "Leader", "Supreme", "Crown", "Grand", "Ayatullah", "Hojatoleslam",
	"Commissioner", "Spokesman", "Spokeswoman", "Spokesperson", "CEO", "Chairperson", "Chair", "Coordinator", "Editor",
	"Correspondent", "Lawmaker", "MP", "Legislator", "Councillor", "Councilor", "Attorney", "Prosecutor", "Counsel",
	"Superintendent", "Commandant", "Constable", "Sheriff", "Dean", "Rector", "Vice-Chancellor", "Patriarch", "Metropolitan",
}

// orgSuffixes are words that end or head an organisation's name.
var orgSuffixes = []string{
	"Inc", "Inc.", "Corp", "Corp.", "Corporation", "Ltd", "Ltd.", "LLC", "PLC", "plc", "Co", "Co.", "Company", "Group", "Holdings",
	"Bank", "Council", "Ministry", "Department", "Agency", "Authority", "Commission", "Committee", "Party", "Union", "Association",
	"Institute", "University", "College", "School", "Foundation", "Organisation", "Organization", "Federation", "Court",
	"Assembly", "Parliament", "Army", "Navy", "Force", "Forces", "Police", "Service", "Services", "Office", "Board", "Bureau",
	"Club", "FC", "United", "Airlines", "Airways", "News", "Times", "Post", "Journal", "Press", "Network", "Fund", "Trust",
	"Society", "Movement", "Front", "Brigade", "Brigades", "Guard", "Guards", "Corps", "Church", "Hospital", "Center", "Centre",
	"Federal", "National", "International", "Industries", "Technologies", "Motors", "Systems", "Partners", "Capital", "Media",
}
