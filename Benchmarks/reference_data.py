"""The reference data both peer scripts of the benchmark use (pandas_reports.py,
polars_reports.py): the host country, folded spellings of country names and codes from
iso-codes, and the continents of the countries the generated data uses."""
import json
import unicodedata

HOST = "FR"


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum()).lower()


# Country names and codes from iso-codes, as Orbis's table is built from it.
countries = {}
with open("/usr/share/iso-codes/json/iso_3166-1.json") as f:
    for c in json.load(f)["3166-1"]:
        for key in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            if key in c:
                countries[fold(c[key])] = c["alpha_2"]
FRENCH = {"allemagne": "DE", "italie": "IT", "espagne": "ES", "chine": "CN", "inde": "IN",
          "russie": "RU", "etatsunis": "US", "uk": "GB", "bresil": "BR", "japon": "JP",
          "turquie": "TR", "turkey": "TR", "coreedusud": "KR", "southkorea": "KR", "vietnam": "VN",
          "ivorycoast": "CI", "maroc": "MA", "algerie": "DZ", "tunisie": "TN", "liban": "LB",
          "iran": "IR", "pologne": "PL", "belgique": "BE", "suisse": "CH", "argentine": "AR",
          "mexique": "MX", "russia": "RU", "france": "FR"}
countries.update(FRENCH)
for s in ("stateless", "apatride", "xxa"):
    countries[s] = "XXA"
for s in ("unknown", "inconnu", "inconnue", "xxx"):
    countries[s] = "XXX"
REGION = {"FR": "Europe", "IT": "Europe", "DE": "Europe", "ES": "Europe", "RU": "Europe",
          "GB": "Europe", "UA": "Europe", "PL": "Europe", "BE": "Europe", "CH": "Europe",
          "CN": "Asia", "IN": "Asia", "JP": "Asia", "TR": "Asia", "KR": "Asia", "VN": "Asia",
          "LB": "Asia", "IR": "Asia", "US": "Americas", "BR": "Americas", "CA": "Americas",
          "AR": "Americas", "MX": "Americas", "CI": "Africa", "MA": "Africa", "DZ": "Africa",
          "TN": "Africa"}
