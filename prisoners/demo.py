"""Demo cases for a development site: real prisoners, described in the project's own words.

Every summary and event text below is this project's own short account of facts that are
on the public record (names, dates, charges, courts). Nothing is copied from the articles
or pages listed as sources.

Dates are strings in the importer's forms: "YYYY-MM-DD", "YYYY-MM" or "YYYY". When only
the month or the year is known, only the month or the year is written: no day is invented.

Each case's `key` becomes the prisoner's import_key, so loading twice creates nothing new.
A person who is also in shared/data/chinese-political-prisoners.csv uses that list's key
(the first Source URL, a CPPC record) so that the demo enriches the imported prisoner
instead of creating a second page for the same person. Those cases repeat the list's
name, gender, birth date and place exactly, so the two loaders agree on them.

Loaded by `manage.py load_demo`.
"""

CECC = {
    "title": "CECC Political Prisoner Database",
    "url": "https://www.cecc.gov/resources/political-prisoner-database",
}
HRW = {"title": "Human Rights Watch", "url": "https://www.hrw.org"}
AMNESTY = {"title": "Amnesty International", "url": "https://www.amnesty.org"}
CHINA_CHANGE = {"title": "China Change", "url": "https://chinachange.org"}
RFA = {"title": "Radio Free Asia", "url": "https://www.rfa.org"}

CPPC_TITLE = "China Political Prisoner Concern (CPPC) record"
EPOCH_TWITTER_2018 = (
    "https://www.theepochtimes.com/"
    "chinese-regime-forcing-twitter-users-to-close-their-accounts_2723395.html"
)
CHINA_CHANGE_WU_GAN = (
    "https://chinachange.org/2018/11/11/deletion-of-wu-gans-twitter-posts-reflects-the-"
    "urgent-need-to-protect-chinese-human-rights-activists-data-ownership/"
)


def cppc(path: str) -> dict[str, str]:
    """The CPPC record the CSV list cites for a person, as a source."""
    return {"title": CPPC_TITLE, "url": f"https://cppc1989.blogspot.com/{path}"}


WU_GAN = cppc("2015/06/cppc000260.html")
JI_XIAOLONG = cppc("2019/02/cppc00713.html")
LIU_YANLI = cppc("2019/02/cppc00714.html")
ILHAM_TOHTI = cppc("2014/03/cppc00059.html")
XU_ZHIYONG = cppc("2014/02/cppc-00054.html")
DING_JIAXI = cppc("2014/02/cppc-00057.html")
HUANG_QI = cppc("2017/02/cppc00474.html")
ZHANG_ZHAN = cppc("2019/12/cppc00831.html")

CASES: list[dict] = [
    {
        "key": WU_GAN["url"],
        "name": "Wu Gan",
        "native_name": "吴淦",
        "aliases": "Super Vulgar Butcher, 超级低俗屠夫, 屠夫",
        "gender": "male",
        "birth_date": "1972-02-14",
        "status": "unknown",
        "region": "福建",
        "place": "福州",
        "occupation": "Rights activist and blogger; staff member at the Fengrui law firm",
        "detained_on": "2015-05-20",
        "sentenced_on": "2017-12-26",
        "sentence": "term",
        "sentence_end": "2023-05-26",
        "charges": "Subversion of state power",
        "facility": "Qingliu Prison, Fujian (last reported)",
        "summary": (
            "Better known online as the “Super Vulgar Butcher”, Wu Gan drew attention to "
            "people he saw as victims of officials and courts with street protests, mock "
            "funerals and biting satire. He was seized in May 2015 while protesting outside "
            "a court in Nanchang, shortly before the mass round-up of rights lawyers that "
            "July, and refused to plead guilty; a Tianjin court then gave him eight years "
            "for subversion. In November 2018, while he was in prison, every one of his "
            "roughly 30,000 tweets was wiped from his account @tufuwugan. His term was due "
            "to end in May 2023; this site has not confirmed that he was freed."
        ),
        "priority": 1,
        "hashtag": "FreeWuGan",
        "health_concerns": "Said he was tortured and mistreated in pre-trial detention.",
        "events": [
            {
                "date": "2015-05-20",
                "kind": "detention",
                "text": (
                    "Held by police in Nanchang after protesting at the Jiangxi High "
                    "People's Court, which had denied lawyers access to case files."
                ),
            },
            {
                "date": "2017-08-14",
                "kind": "trial",
                "text": "Closed trial at the Tianjin No. 2 Intermediate People's Court.",
            },
            {
                "date": "2017-12-26",
                "kind": "verdict",
                "text": (
                    "Sentenced to eight years for subversion, plus five years' deprivation "
                    "of political rights."
                ),
            },
            {
                "date": "2018-11-09",
                "kind": "note",
                "text": (
                    "His Twitter account @tufuwugan, idle since his detention, was suddenly "
                    "emptied of all its posts during a police drive against Chinese users "
                    "of Twitter."
                ),
                "source_url": CHINA_CHANGE_WU_GAN,
            },
        ],
        "sources": [
            WU_GAN,
            {"title": "China Change: the deletion of Wu Gan's tweets", "url": CHINA_CHANGE_WU_GAN},
        ],
    },
    {
        "key": JI_XIAOLONG["url"],
        "name": "Ji Xiaolong",
        "native_name": "季孝龙",
        "gender": "male",
        "birth_date": "1976-07-10",
        "status": "sentenced",
        "region": "江苏",
        "place": "张家港",
        "occupation": "Human-rights activist living in Shanghai",
        "detained_on": "2022-08-31",
        "sentenced_on": "2023-10-27",
        "sentence": "term",
        "sentence_end": "2027-02",
        "charges": "Picking quarrels and provoking trouble",
        "summary": (
            "Ji Xiaolong, an activist in Shanghai, has been jailed twice for his words. His "
            "first sentence, three and a half years, punished slogans against the Communist "
            "Party that he wrote in a public toilet in mocking reply to Xi Jinping's "
            "“toilet revolution”. Within months of coming out, he published an open letter "
            "asking Shanghai's Party chief Li Qiang to answer for the 2022 lockdown; police "
            "took him from his home two days later, and a court added four and a half years."
        ),
        "priority": 1,
        "hashtag": "FreeJiXiaolong",
        "health_concerns": (
            "His lawyer reported a badly overcrowded cell and a painful tooth left untreated; "
            "relatives said his hair had turned grey in detention."
        ),
        "events": [
            {
                "date": "2019-01-14",
                "kind": "verdict",
                "text": (
                    "The Pudong court gave him three and a half years over political "
                    "graffiti in a public toilet."
                ),
            },
            {
                "date": "2022-08-31",
                "kind": "detention",
                "text": (
                    "Taken from his home by Shanghai police after his open letter on the "
                    "lockdown to Li Qiang."
                ),
            },
            {
                "date": "2022-09-23",
                "kind": "arrest",
                "text": "Formally arrested; held in the Pudong New Area Detention Center.",
            },
            {
                "date": "2023-10-27",
                "kind": "verdict",
                "text": (
                    "Sentenced to four and a half years; the charge rested on posts on "
                    "Twitter said to harm China's image."
                ),
            },
            {
                "date": "2024-04-17",
                "kind": "appeal",
                "text": "The Shanghai No. 1 Intermediate People's Court upheld the sentence.",
            },
        ],
        "sources": [
            JI_XIAOLONG,
            {
                "title": "Network of Chinese Human Rights Defenders: Ji Xiaolong",
                "url": "https://www.nchrd.org/2023/04/ji-xiaolong-%E5%AD%A3%E5%AD%9D%E9%BE%99/",
            },
        ],
    },
    {
        "key": LIU_YANLI["url"],
        "name": "Liu Yanli",
        "native_name": "刘艳丽",
        "gender": "female",
        "birth_date": "1975-06-01",
        "status": "released",
        "region": "湖北",
        "place": "荆门",
        "occupation": "Former bank employee in Jingmen",
        "sentenced_on": "2019",
        "sentence": "term",
        "sentence_end": "2022-03-23",
        "charges": "Picking quarrels and provoking trouble",
        "summary": (
            "Liu Yanli worked for a bank in Jingmen, Hubei, and used social media to call "
            "for officials to disclose their assets and to criticise the country's leaders. "
            "For those posts a local court jailed her for four years. Her term ran out in "
            "March 2022, but her family has since kept silent, and friends abroad want her "
            "to know that she has not been forgotten."
        ),
        "hashtag": "LiuYanli",
        "events": [
            {
                "date": "2019",
                "kind": "verdict",
                "text": (
                    "The Dongbao District court in Jingmen sentenced her to four years over "
                    "her online criticism."
                ),
            },
            {
                "date": "2022-03",
                "kind": "release",
                "text": "Her four-year term was due to end; she is understood to have left prison.",
            },
            {
                "date": "2022",
                "kind": "family",
                "text": (
                    "Her husband and relatives stopped answering supporters, apparently "
                    "under pressure to stay quiet."
                ),
            },
        ],
        "sources": [LIU_YANLI, RFA],
    },
    {
        "key": "demo:dong-jianbiao",
        "name": "Dong Jianbiao",
        "native_name": "董建彪",
        "gender": "male",
        "status": "died",
        "death_date": "2022-09-23",
        "region": "湖南",
        "place": "株洲",
        "occupation": "Former coal miner; father of Dong Yaoqiong",
        "sentence": "term",
        "facility": "Chaling Prison, Hunan",
        "summary": (
            "Dong Jianbiao, a former coal miner from Zhuzhou in Hunan, is the father of Dong "
            "Yaoqiong, who threw ink at a poster of Xi Jinping in 2018 and was then locked "
            "in a psychiatric ward. He kept demanding to see her and to learn why she was "
            "held, was detained again and again, and was finally given three years in "
            "prison. He died in custody in September 2022: the prison blamed diabetes, but "
            "relatives who saw his body described wounds, and he was cremated within days, a "
            "death that moved lawyer Wang Qingpeng to start the campaign this site serves."
        ),
        "hashtag": "DongJianbiao",
        "health_concerns": (
            "Died in custody. The authorities cited diabetes; relatives reported injuries "
            "all over his body."
        ),
        "events": [
            {
                "date": "2018-07-04",
                "kind": "family",
                "text": (
                    "His daughter livestreamed herself splashing ink on a Xi Jinping poster "
                    "in Shanghai; she was later committed to a psychiatric hospital."
                ),
            },
            {
                "date": "2018-08-01",
                "kind": "detention",
                "text": "Detained when he tried to visit her at Zhuzhou No. 3 Hospital.",
            },
            {
                "date": "2022-09-23",
                "kind": "death",
                "text": "Died in Chaling Prison while serving a three-year sentence.",
            },
            {
                "date": "2022-09",
                "kind": "family",
                "text": (
                    "Relatives who viewed the body reported signs of beating; officials "
                    "insisted on a quick cremation and took phones at the door."
                ),
            },
        ],
        "sources": [
            {
                "title": "Hong Kong Free Press: death of Dong Jianbiao",
                "url": (
                    "https://hongkongfp.com/2022/09/26/father-of-chinese-ink-girl-dong-"
                    "yaoqiong-dies-in-prison-body-found-covered-with-wounds-reports/"
                ),
            },
            RFA,
        ],
    },
    {
        "key": "demo:liu-jichun",
        "name": "Liu Jichun",
        "native_name": "刘继春",
        "gender": "male",
        "status": "arrested",
        "region": "重庆",
        "place": "重庆",
        "occupation": "Activist; runs a small restaurant with his wife",
        "detained_on": "2018-09-29",
        "summary": (
            "Liu Jichun runs a small restaurant in Chongqing with his wife and liked to "
            "pass on political articles online, Twitter included, although it is blocked in "
            "China. Police took him at the end of September 2018 over those posts and "
            "announced his formal arrest on 1 November, amid a campaign to make Chinese "
            "users close their Twitter accounts, which he had refused to do. No later news "
            "of his case has reached this site."
        ),
        "hashtag": "FreeLiuJichun",
        "events": [
            {
                "date": "2018-09-29",
                "kind": "detention",
                "text": "Detained by Chongqing police over political posts he had shared.",
                "source_url": EPOCH_TWITTER_2018,
            },
            {
                "date": "2018-11-01",
                "kind": "arrest",
                "text": "Police announced that he had been formally arrested.",
                "source_url": EPOCH_TWITTER_2018,
            },
        ],
        "sources": [
            {
                "title": "The Epoch Times: Twitter users forced to close accounts",
                "url": EPOCH_TWITTER_2018,
            },
            CECC,
        ],
    },
    {
        "key": "demo:pan-xidian",
        "name": "Pan Xidian",
        "native_name": "潘细佃",
        "status": "detained",
        "region": "福建",
        "occupation": "Activist",
        "detained_on": "2018",
        "summary": (
            "Pan Xidian, an activist in Fujian, was among the Chinese Twitter users whom "
            "police told to delete their accounts in late 2018. He would not, and he was "
            "taken into custody. Almost nothing else about his case has been made public, "
            "which is exactly why it needs someone to follow it."
        ),
        "hashtag": "FreePanXidian",
        "events": [
            {
                "date": "2018",
                "kind": "detention",
                "text": (
                    "Taken into custody after refusing a police order to close his Twitter "
                    "account; the exact date was not reported."
                ),
                "source_url": EPOCH_TWITTER_2018,
            },
            {
                "date": "2018-11-25",
                "kind": "note",
                "text": (
                    "Overseas reports named him and Liu Jichun as the two people arrested for "
                    "defying the order to quit Twitter."
                ),
                "source_url": EPOCH_TWITTER_2018,
            },
        ],
        "sources": [
            {
                "title": "The Epoch Times: Twitter users forced to close accounts",
                "url": EPOCH_TWITTER_2018,
            },
            CECC,
        ],
    },
    {
        "key": ILHAM_TOHTI["url"],
        "name": "Ilham Tohti",
        "native_name": "伊力哈木•土赫提",
        "gender": "male",
        "birth_date": "1969-10-25",
        "status": "sentenced",
        "region": "新疆",
        "place": "阿图什",
        "occupation": "Uyghur economist; lecturer at Minzu University of China",
        "detained_on": "2014-01-15",
        "sentenced_on": "2014-09-23",
        "sentence": "life",
        "charges": "Separatism",
        "summary": (
            "Ilham Tohti taught economics at Minzu University in Beijing and ran Uighurbiz, "
            "a website where Uyghurs and Han Chinese could discuss the region's problems. "
            "He called for dialogue and for the autonomy that Chinese law already promises, "
            "never for independence, yet a court in Urumqi convicted him of separatism in "
            "2014 and imprisoned him for life. He has since been awarded the Václav Havel "
            "Prize and the Sakharov Prize; his family says it has heard nothing from him "
            "for years."
        ),
        "priority": 2,
        "hashtag": "FreeIlhamTohti",
        "health_concerns": (
            "No reliable news of his health: relatives have not been able to visit or hear "
            "from him for years."
        ),
        "events": [
            {
                "date": "2014-01-15",
                "kind": "detention",
                "text": "Taken from his home in Beijing by police and moved to Xinjiang.",
            },
            {
                "date": "2014-09-17",
                "kind": "trial",
                "text": "Tried at the Urumqi Intermediate People's Court.",
            },
            {
                "date": "2014-09-23",
                "kind": "verdict",
                "text": (
                    "Sentenced to life in prison for separatism, with all his property confiscated."
                ),
            },
            {
                "date": "2014-11",
                "kind": "appeal",
                "text": "The Xinjiang High People's Court rejected his appeal.",
            },
            {
                "date": "2019-12",
                "kind": "note",
                "text": (
                    "His daughter, Jewher Ilham, accepted the European Parliament's Sakharov "
                    "Prize on his behalf."
                ),
            },
        ],
        "sources": [ILHAM_TOHTI, CECC],
    },
    {
        "key": XU_ZHIYONG["url"],
        "name": "Xu Zhiyong",
        "native_name": "许志永",
        "gender": "male",
        "birth_date": "1973-03-02",
        "status": "sentenced",
        "region": "河南",
        "place": "商丘",
        "occupation": "Legal scholar; founder of the New Citizens' Movement",
        "detained_on": "2020-02-15",
        "sentenced_on": "2023-04-10",
        "sentence": "term",
        "sentence_end": "2034-02",
        "charges": "Subversion of state power",
        "summary": (
            "Xu Zhiyong, a legal scholar, co-founded the Open Constitution Initiative and "
            "later the New Citizens' Movement, which asked officials to declare their assets "
            "and children of migrants to be allowed to sit exams where they live. He served "
            "four years from 2013 for that campaigning. After friends were seized following "
            "a December 2019 meeting in Xiamen he went into hiding, published an essay "
            "telling Xi Jinping to step down, and was caught in Guangzhou in February 2020; "
            "in April 2023 a court in Linyi, Shandong, gave him 14 years for subversion."
        ),
        "priority": 1,
        "hashtag": "FreeXuZhiyong",
        "events": [
            {
                "date": "2017-07-15",
                "kind": "release",
                "text": (
                    "Freed at the end of an earlier four-year term for “gathering a crowd "
                    "to disturb public order”."
                ),
            },
            {
                "date": "2020-02-15",
                "kind": "detention",
                "text": (
                    "Seized in Guangzhou after weeks in hiding and held under residential "
                    "surveillance at a designated location."
                ),
            },
            {
                "date": "2022-06",
                "kind": "trial",
                "text": "Tried in secret at a county court in Linshu, Shandong.",
            },
            {
                "date": "2023-04-10",
                "kind": "verdict",
                "text": "Sentenced to 14 years for subversion of state power.",
            },
        ],
        "sources": [XU_ZHIYONG, CECC],
    },
    {
        "key": DING_JIAXI["url"],
        "name": "Ding Jiaxi",
        "native_name": "丁家喜",
        "gender": "male",
        "birth_date": "1967-08-17",
        "status": "sentenced",
        "region": "湖北",
        "place": "宜昌",
        "occupation": "Human-rights lawyer",
        "detained_on": "2019-12-26",
        "sentenced_on": "2023-04-10",
        "sentence": "term",
        "sentence_end": "2031-12",
        "charges": "Subversion of state power",
        "summary": (
            "Ding Jiaxi, a Beijing lawyer, was one of the leading voices of the New "
            "Citizens' Movement with Xu Zhiyong and was jailed for three and a half years "
            "for it in 2014. In December 2019 police picked him up after he had joined "
            "lawyers and activists at a private meeting in Xiamen to talk about civil "
            "society. After a secret trial he received 12 years for subversion in April "
            "2023, while his wife, Luo Shengchun, campaigns for him from the United States."
        ),
        "priority": 1,
        "hashtag": "FreeDingJiaxi",
        "events": [
            {
                "date": "2019-12-26",
                "kind": "detention",
                "text": "Taken by police in Beijing in the sweep after the Xiamen meeting.",
            },
            {
                "date": "2022-06",
                "kind": "trial",
                "text": "Tried behind closed doors at a county court in Linshu, Shandong.",
            },
            {
                "date": "2023-04-10",
                "kind": "verdict",
                "text": "Sentenced to 12 years for subversion of state power.",
            },
        ],
        "sources": [DING_JIAXI, HRW],
    },
    {
        "key": HUANG_QI["url"],
        "name": "Huang Qi",
        "native_name": "黄琦",
        "gender": "male",
        "birth_date": "1963-04-07",
        "status": "sentenced",
        "region": "四川",
        "place": "内江",
        "occupation": "Founder of the 64 Tianwang human-rights website",
        "detained_on": "2016-11-28",
        "sentenced_on": "2019-07-29",
        "sentence": "term",
        "sentence_end": "2028-11-27",
        "charges": (
            "Intentionally leaking state secrets; illegally providing state secrets abroad"
        ),
        "summary": (
            "Huang Qi and his wife set up 64 Tianwang in 1998 to help families find missing "
            "and trafficked relatives; it became one of the first Chinese websites to record "
            "abuses against petitioners and ordinary people. It has cost him three prison "
            "terms. Seized again in Chengdu in November 2016, he was sentenced in 2019 to 12 "
            "years on state-secrets charges although he suffers from serious kidney and heart "
            "disease, and his mother, Pu Wenqing, was herself held for petitioning for him."
        ),
        "priority": 2,
        "hashtag": "FreeHuangQi",
        "health_concerns": (
            "Chronic kidney disease, heart disease and hydrocephalus, according to his "
            "family, who fear he is not getting adequate treatment."
        ),
        "events": [
            {
                "date": "2016-11-28",
                "kind": "detention",
                "text": "Taken by police in Chengdu.",
            },
            {
                "date": "2018-12-07",
                "kind": "family",
                "text": (
                    "His 85-year-old mother, petitioning for him in Beijing, was sent back "
                    "to Sichuan and held incommunicado for 45 days."
                ),
            },
            {
                "date": "2019-01-14",
                "kind": "trial",
                "text": "Tried in secret at the Mianyang Intermediate People's Court.",
            },
            {
                "date": "2019-07-29",
                "kind": "verdict",
                "text": "Sentenced to 12 years on two state-secrets charges.",
            },
        ],
        "sources": [HUANG_QI, CHINA_CHANGE],
    },
    {
        "key": "demo:gao-zhen",
        "name": "Gao Zhen",
        "native_name": "高兟",
        "pinyin": "Gāo Zhēn",
        "aliases": "Gao Brothers, 高氏兄弟",
        "gender": "male",
        "status": "awaiting_trial",
        "region": "河北",
        "place": "三河",
        "occupation": "Artist, one of the Gao Brothers",
        "detained_on": "2024-08-26",
        "charges": "Infringing the reputation and honour of heroes and martyrs",
        "facility": "Sanhe Detention Center, Hebei",
        "summary": (
            "With his younger brother Gao Qiang, Gao Zhen forms the Gao Brothers, whose "
            "sculptures of Mao Zedong, among them the kneeling, repentant “Mao's Guilt”, "
            "confront the Cultural Revolution in which their father died. He had settled in "
            "New York in 2022, but on a family visit in August 2024 about thirty police "
            "raided the brothers' studio in Yanjiao, Hebei, took him away and seized works "
            "made more than ten years before. He is accused under a 2021 offence of "
            "slandering “heroes and martyrs”, punishable by up to three years, while his wife "
            "and young son, an American citizen, were kept from leaving China."
        ),
        "priority": 2,
        "hashtag": "FreeGaoZhen",
        "health_concerns": "In his late sixties and held for more than a year without trial.",
        "events": [
            {
                "date": "2024-08-26",
                "kind": "detention",
                "text": (
                    "Police raided the studio in Yanjiao, Sanhe, detained him and "
                    "confiscated sculptures of Mao."
                ),
            },
            {
                "date": "2024-08-27",
                "kind": "family",
                "text": (
                    "His wife was notified that he was held on suspicion of slandering "
                    "heroes and martyrs."
                ),
            },
            {
                "date": "2025-10",
                "kind": "note",
                "text": (
                    "More than 400 days after his detention, his wife said no trial date "
                    "had been set."
                ),
            },
        ],
        "sources": [
            {
                "title": "El País: Gao Zhen, detained for more than 400 days",
                "url": (
                    "https://english.elpais.com/international/2025-10-17/gao-zhen-the-chinese-"
                    "artist-who-has-been-detained-for-more-than-400-days-after-criticizing-"
                    "mao.html"
                ),
            },
            AMNESTY,
        ],
    },
    {
        "key": ZHANG_ZHAN["url"],
        "name": "Zhang Zhan",
        "native_name": "张展",
        "gender": "female",
        "status": "sentenced",
        "region": "上海",
        "place": "上海",
        "occupation": "Former lawyer; citizen journalist",
        "detained_on": "2024-08",
        "sentenced_on": "2025-09-19",
        "sentence": "term",
        "sentence_end": "2028-08",
        "charges": "Picking quarrels and provoking trouble",
        "summary": (
            "Zhang Zhan, a former lawyer, went to Wuhan in February 2020 and filmed crowded "
            "hospitals and empty streets that did not match the official story of the "
            "outbreak. Seized there in May 2020, she was jailed for four years for “picking "
            "quarrels”; she went on a long hunger strike in protest and was force-fed. "
            "Freed in May 2024, she was detained again three months later after speaking up "
            "for another activist, and in September 2025 a Shanghai court gave her four more "
            "years on the same charge."
        ),
        "priority": 2,
        "hashtag": "FreeZhangZhan",
        "health_concerns": (
            "Her hunger strike in prison left her gravely underweight; she was reportedly "
            "restrained and force-fed through a tube."
        ),
        "events": [
            {
                "date": "2020-05-14",
                "kind": "detention",
                "text": "Taken by police in Wuhan after months of reporting from the city.",
            },
            {
                "date": "2020-12-28",
                "kind": "verdict",
                "text": "The Shanghai Pudong New Area People's Court jailed her for four years.",
            },
            {
                "date": "2024-05-13",
                "kind": "release",
                "text": "Released at the end of her term, under close watch.",
            },
            {
                "date": "2024-08",
                "kind": "detention",
                "text": "Detained again and held at the Pudong Detention Centre in Shanghai.",
            },
            {
                "date": "2025-09-19",
                "kind": "verdict",
                "text": (
                    "Sentenced to four more years; foreign diplomats who came to observe "
                    "were turned away from the court."
                ),
                "source_url": (
                    "https://www.channelnewsasia.com/east-asia/"
                    "china-journalist-zhang-zhan-jailed-covid-19-5360396"
                ),
            },
        ],
        "sources": [ZHANG_ZHAN, AMNESTY],
    },
    {
        "key": "demo:li-yanhe",
        "name": "Li Yanhe",
        "native_name": "李延贺",
        "aliases": "Fucha, Fu Cha, 富察",
        "gender": "male",
        "birth_date": "1971",
        "status": "unknown",
        "region": "上海",
        "place": "上海",
        "occupation": "Publisher; editor-in-chief of Gusa Publishing in Taipei",
        "detained_on": "2023-03",
        "sentenced_on": "2025-02-17",
        "sentence": "term",
        "sentence_end": "2026-03",
        "charges": "Inciting secession",
        "summary": (
            "Li Yanhe, who publishes under the pen name Fucha, was born in Liaoning, moved "
            "to Taiwan in 2009 and built Gusa Publishing into a house known for books on "
            "Chinese history and politics that Beijing dislikes. He vanished in March 2023 "
            "while in Shanghai to see relatives and give up his mainland household "
            "registration. Two years later Beijing said a Shanghai court had given him three "
            "years for inciting secession; by that count his term ended around March 2026, "
            "but this site has not confirmed his release."
        ),
        "priority": 1,
        "hashtag": "FreeLiYanhe",
        "events": [
            {
                "date": "2023-03",
                "kind": "detention",
                "text": "Detained by state security in Shanghai during a family visit.",
            },
            {
                "date": "2023-04",
                "kind": "note",
                "text": (
                    "Beijing's Taiwan Affairs Office confirmed he was under investigation "
                    "for endangering national security."
                ),
            },
            {
                "date": "2025-02-17",
                "kind": "verdict",
                "text": (
                    "Convicted of inciting secession by the Shanghai No. 1 Intermediate "
                    "People's Court."
                ),
            },
            {
                "date": "2025-03-26",
                "kind": "note",
                "text": (
                    "Officials disclosed the sentence: three years, a year's deprivation of "
                    "political rights and 50,000 yuan of his property confiscated."
                ),
                "source_url": "https://focustaiwan.tw/cross-strait/202503260018",
            },
        ],
        "sources": [
            {
                "title": "Focus Taiwan: Li Yanhe sentenced to three years",
                "url": "https://focustaiwan.tw/cross-strait/202503260018",
            },
            {
                "title": "Dui Hua: prisoner updates, 2025",
                "url": "https://duihua.org/prisoner-updates-2025-3",
            },
        ],
    },
]
