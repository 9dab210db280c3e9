"""The rule table: every labeling function's name, label, weight and pattern, in
English, Hinglish, Hindi and a few Chinese phrases. How rules are matched and used:
:mod:`crossline.classify.rules`."""

from __future__ import annotations

from dataclasses import dataclass

from crossline.classify.taxonomy import LABEL_INDEX


@dataclass(frozen=True, slots=True)
class Rule:
    """One labeling function: ``pattern`` found in a normalised text votes ``label``."""

    name: str
    label: str
    weight: float
    pattern: str


# The things a caller asks to be pressed: "press 1", "press one", "dial 9".
_PRESS = r"(?:press|dial|push)(?:ing)? (?:0|one|two|nine|the number)"

# fmt: off
_RAW: tuple[tuple[str, str, float, str], ...] = (  # name, label, weight, pattern
    # ---------------------------------------- government_impersonation
    ("ssn_suspended", "government_impersonation", 2.0,
     r"social (?:security|insurance)(?: number)?.{0,60}(?:suspend|compromis|fraudulent|illegal|"
     r"legal enforcement|blocked|cancel)|suspend(?:ed|ing)? your social|\bssn\b.{0,40}(?:suspend|"
     r"compromis|fraudulent|illegal|blocked)|your social (?:security )?(?:number )?(?:has been|is|"
     r"was) (?:found|suspended|blocked|flagged)|social (?:security )?benefits (?:will be|are|"
     r"have been) (?:cancel|suspend|stopp)"),
    ("ssa_named", "government_impersonation", 1.0,
     r"social security administration|\bssa\b|department of social security"),
    ("legal_enforcement", "government_impersonation", 1.5,
     r"legal enforcement action|enforcement action.{0,30}(?:filed|executed)|warrant (?:against|"
     r"for|on) your (?:name|arrest)|arrest warrant|grand jury|magistrate|"
     r"federal (?:criminal )?offen[cs]e|federal agent|investigation officer|concerned department|"
     r"avoid legal consequences"),
    ("legal_dept_case", "government_impersonation", 1.0,
     r"legal department.{0,80}(?:case|legal action)|leave your work aside|(?:take|"
     r"forced to take) legal action against you|lawsuit (?:has been )?filed against you|"
     r"complaint (?:has been )?filed against you|case file|(?:know|discuss) about (?:this|"
     r"your) case|(?:south border|state) of texas|come up in an investigation|investigation (?:in|"
     r"by) our office|lawsuit (?:has been |is )?(?:filed|registered) (?:against you|"
     r"under your name|on your name|in your name)"),
    ("officer_badge", "government_impersonation", 1.0,
     r"\bofficer\b.{0,40}(?:calling|from|assigned|badge)|special agent|badge number|"
     r"the police (?:are|is|be) (?:already )?on (?:their|the) way"),
    ("tax_agency", "government_impersonation", 1.0,
     r"\birs\b|internal revenue|income ?tax (?:department|dept|e.?filing)|incometax|\bhmrc\b|"
     r"\bato\b|tax agency|tax (?:department|authority)|agencia ?tributaria"),
    ("tax_refund_claim", "government_impersonation", 1.5,
     r"tax refund|overdue (?:approved )?(?:tax )?refund|refund request|(?:itr|income tax) refund|"
     r"tax rebate"),
    ("customs_seized", "government_impersonation", 2.0,
     r"customs(?: and border protection)?.{0,80}(?:seized|contraband|drugs|illegal)|(?:package|"
     r"parcel|shipment).{0,60}(?:seized|contraband|drugs|narcotics)|border protection|\bcbp\b"),
    ("process_server", "government_impersonation", 1.5,
     r"serve (?:process|papers)|process server|(?:civil|criminal) complaints? against (?:me|you)|"
     r"served (?:with )?papers"),
    ("federal_reserve", "government_impersonation", 1.5,
     r"federal reserve|treasury department|department of (?:justice|treasury|homeland)|\bfbi\b|"
     r"\bdea\b|\bdhs\b|us marshal"),
    ("gov_grant_covid", "government_impersonation", 1.0,
     r"gov\.? ?uk|government (?:grant|payment|relief)|covid.{0,40}(?:grant|compensation|payment)|"
     r"test(?:ed)? positive|self.?isolat|stimulus (?:check|payment)"),
    ("state_refund_or_fine", "government_impersonation", 2.0,
     r"health insurance (?:file|record|account).{0,80}(?:refund|reimburse)|\bameli\b|\bcpam\b|"
     r"\bcjib\b|\bdigid\b|bailiff|(?:outstanding|unpaid) (?:fine|debt) with reference"),
    ("traffic_fine", "government_impersonation", 1.0,
     r"(?:traffic|toll|parking) (?:fine|offen[cs]e|violation|ticket)|pay my fines|e.?challan|"
     r"unpaid toll"),
    ("digital_arrest_en", "government_impersonation", 2.0,
     r"digital arrest|\bcbi\b|narcotics (?:control )?bureau|\bncb\b|enforcement directorate|"
     r"money laundering case|mumbai (?:cyber )?(?:crime|police)|crime branch|\btrai\b|"
     r"department of telecom|\bdot\b.{0,30}(?:block|disconnect)|(?:sim|mobile number|"
     r"number).{0,40}(?:will be |to be )?(?:blocked|disconnected) (?:in|within) (?:0|two)"),
    ("consulate", "government_impersonation", 1.5,
     r"consulate|embassy|immigration (?:department|office)|visa (?:has been )?cancel"),
    ("digital_arrest_hi", "government_impersonation", 2.0,
     r"डिजिटल अरेस्ट|सीबीआई|गिरफ्तार|वारंट|पुलिस (?:स्टेशन|थाने)|कस्टम|नशीले|ड्रग्स|"
     r"मनी लॉन्ड्रिंग|ट्राई|दूरसंचार विभाग|सिम .{0,20}बंद|आयकर विभाग|giraftar|girftar|"
     r"arrest ho (?:jayega|jaoge|sakte)|warrant (?:jari|nikla)|police (?:case|complaint) (?:darj|"
     r"ho|hoga|hua)|parcel.{0,40}(?:drugs|ड्रग)|(?:sim|number) .{0,20}band (?:ho jayega|"
     r"kar diya jayega)|aapke (?:naam|aadhaar) (?:pe|par)"),
    # ---------------------------------------- tech_support
    ("tech_brand_support", "tech_support", 1.5,
     r"(?:microsoft|windows|apple|icloud|geek squad|norton|mcafee|avast|computer|"
     r"technical) (?:help|support|security|service|technician|department)|tech(?:nical)? support|"
     r"apple support advisor"),
    ("device_infected", "tech_support", 2.0,
     r"(?:computer|pc|device|laptop|system|phone|windows).{0,40}virus|virus.{0,40}(?:computer|pc|"
     r"device|laptop|detected)|malware|spyware|trojan|hack(?:ed|ing)? (?:your|the) (?:computer|"
     r"device|pc|laptop|phone)|(?:your|the) (?:computer|pc|laptop|device).{0,40}(?:infected|"
     r"compromised|hijack|serious issue|error)|hijack your|remote access|anydesk|teamviewer|"
     r"ultraviewer|firewall|ip address.{0,30}(?:compromis|hack)"),
    ("software_refund", "tech_support", 2.0,
     r"(?:refund|cancel).{0,60}(?:subscription|technical support|tech support|"
     r"computer (?:technical )?support|antivirus|geek squad)|refund department|"
     r"ordered to close down"),
    ("tech_hi", "tech_support", 1.5,
     r"कंप्यूटर .{0,30}(?:वायरस|हैक)|वायरस|रिमोट|एनीडेस्क|computer (?:me|mein) virus|"
     r"anydesk (?:download|install)"),
    # ---------------------------------------- business_impersonation
    ("amazon_order", "business_impersonation", 2.0,
     r"(?:amazon|amzn|flipkart|walmart|ebay|best ?buy).{0,120}(?:suspicious|unauthori[sz]ed|"
     r"authori[sz]e|press|fraudulent|unusual|charged|debited|deducted|refund|dispute|cancel)|"
     r"(?:suspicious|unauthori[sz]ed|fraudulent) (?:order|purchase|charge).{0,80}(?:amazon|"
     r"apple iphone|macbook|airpods|iphone|xbox)|"
     r"order (?:placed )?for (?:an? )?(?:apple )?(?:iphone|macbook|airpods|xbox)|"
     r"amazon (?:support|security|customer care|fraud)"),
    ("preauthorized_order", "business_impersonation", 1.5,
     r"pre.?authori[sz]ed (?:order|purchase|payment)|(?:to|not) authori[sz]e (?:this|"
     r"the) (?:order|payment|transaction)|suspicious (?:incoming )?charge|"
     r"unauthori[sz]ed (?:charge|purchase|order|transaction)|cancellation department|"
     r"fraud (?:detection|prevention) department|dispute (?:on )?this charge"),
    ("utility_disconnect", "business_impersonation", 2.0,
     r"disconnect(?:ion)? department|disconnection of (?:your )?service|(?:power|electricity|gas|"
     r"service) (?:will|would) (?:get |be )?(?:disconnected|cut|interrupted)|"
     r"interruption of service|utility outage|electric(?:ity)? company|electric utility|"
     r"energy electricity|power and light|billing department|stop the (?:interruption|"
     r"disconnection|disjoin)"),
    ("utility_hi", "business_impersonation", 2.0,
     r"बिजली.{0,40}(?:कट|काट|बंद|बिल)|bijli.{0,40}(?:kat|cut|band|bill)|electricity (?:connection|"
     r"bill).{0,60}(?:disconnect|cut|kat|band|tonight|aaj raat)|(?:light|"
     r"bijli) (?:ka )?(?:connection|conection) (?:kat|kaat|cut)"),
    ("isp_discount", "business_impersonation", 1.5,
     r"(?:direc ?tv|direct ?tv|at&t|\batt\b|spectrum|xfinity|comcast|verizon|t.?mobile|"
     r"\bdish\b).{0,80}(?:discount|0% off|off on|qualified|offer)|qualified (?:for|"
     r"to get) (?:up to )?0+% (?:off|discount)|discount on your monthly bill"),
    ("bank_fraud_dept_call", "business_impersonation", 1.0,
     r"(?:bank|card|paypal|wells fargo|chase|cash ?app|venmo|zelle).{0,80}(?:unusual|"
     r"suspicious) (?:login|activity|transaction).{0,120}{press}"),
    ("courier_call", "business_impersonation", 1.5,
     r"(?:dhl|fedex|\bups\b|usps|sedex|sydex|international express).{0,80}(?:press|按)|国际快递|"
     r"快递|快件|包裹|派送"),
    ("employer_impersonation", "business_impersonation", 0.5,
     r"(?:hr|human resources) (?:department|team).{0,60}(?:salary|payroll|bank details)"),
    ("posing_as_company", "business_impersonation", 1.0,
     r"falsely identif\w* (?:themsel\w*|himself|herself) as|(?:claiming|pretending|"
     r"posing) (?:to be |as )(?:from |with |an? )?(?:employees?|representatives?|agents?|my bank|"
     r"the bank|\w+ (?:bank|support|customer service))"),
    ("customer_care_hi", "business_impersonation", 1.0,
     r"customer care (?:se|say|number|no)|कस्टमर केयर|ग्राहक सेवा"),
    # ---------------------------------------- account_phishing
    ("kyc_update", "account_phishing", 2.0,
     r"\bkyc\b|\be.?kyc\b|केवाईसी|re.?kyc|know your customer"),
    ("account_blocked", "account_phishing", 1.5,
     r"(?:account|acct|a/c|card|wallet|netbanking|yono|id) (?:has been |have be |is |will be |be |"
     r"was |been )?(?:temporarily )?(?:blocked|block|suspended|suspend|locked|limited|restricted|"
     r"restrict|disabled|deactivated|on hold|hold|expire|expired|frozen)|(?:avoid|"
     r"prevent).{0,30}(?:suspension|block|restriction|deactivation|blockage)"),
    ("verify_link", "account_phishing", 1.5,
     r"(?:verify|verity|update|confirm|validate|reactivate|re.?activate|restore|unlock|login|"
     r"log in|sign in).{0,60}(?:account|details|detail|information|identity|data|pan|"
     r"aadhaar).{0,80}(?:http|www|\.com|\.in|link|click|visit)|(?:click|visit|follow|"
     r"tap).{0,40}(?:link|http|www).{0,60}(?:verify|update|confirm|reactivate|re.?activate|"
     r"restore|unlock|avoid)"),
    ("otp_share", "account_phishing", 2.0,
     r"(?:share|send|tell|provide|give).{0,30}(?:otp|one time password|pin|cvv)|otp (?:share|bata|"
     r"bhej|batao|dijiye)|ओटीपी.{0,20}(?:बताएं|बताइए|भेजें|शेयर)"),
    ("unusual_login", "account_phishing", 1.0,
     r"unusual (?:sign.?in|login|activity)|unrecogni[sz]ed (?:device|login)|new device|(?:someone|"
     r"somebody) (?:tried|try) to (?:log|access)|security alert|identity theft|sim swap"),
    ("pan_aadhaar_link", "account_phishing", 1.5,
     r"pan (?:card )?(?:update|link|expire|block)|aadhaar.{0,30}(?:link|update|verify)|(?:update|"
     r"link) (?:your )?(?:pan|aadhaar)|yono|sbi netbanking|net ?banking.{0,40}(?:block|suspend|"
     r"expire)"),
    ("card_renew", "account_phishing", 1.0,
     r"(?:debit|credit|bank) card.{0,60}(?:expire|renew|outdated|new card|replace)|"
     r"reward points?.{0,60}(?:expire|redeem).{0,40}(?:http|link|click)"),
    ("payment_failed_update", "account_phishing", 1.0,
     r"(?:payment|billing).{0,30}(?:failed|declined|unsuccessful|problem).{0,80}(?:update|verify|"
     r"confirm)|netflix|apple id|icloud"),
    ("kyc_hinglish", "account_phishing", 2.0,
     r"kyc (?:update|pending|expire|nahi|karwa|kare|karaye|complete)|(?:account|khata|khaata|"
     r"sim) (?:band|block) (?:ho jayega|ho jaega|kar diya|hone wala)|खाता.{0,20}(?:बंद|ब्लॉक)|"
     r"अकाउंट.{0,20}(?:बंद|ब्लॉक)|सत्यापन|(?:pan|aadhar|aadhaar) (?:update|link) (?:karen|kare|"
     r"karein|nahi)"),
    # ---------------------------------------- investment_crypto
    ("crypto", "investment_crypto", 1.5,
     r"bitcoin|\bbtc\b|crypto|\busdt\b|ethereum|\beth\b|binance|blockchain|coinbase|forex|"
     r"mining pool|trading (?:platform|app|account|group)|क्रिप्टो|बिटकॉइन"),
    ("guaranteed_returns", "investment_crypto", 2.0,
     r"guaranteed (?:return|profit)|(?:daily|weekly|monthly) (?:return|profit)s?|"
     r"double your (?:money|investment)|0+% (?:return|profit)|returns? of 0+%|stock (?:tips|"
     r"market tips|recommendation)|ipo (?:allotment|quota)|investment (?:plan|opportunity|scheme)|"
     r"invest (?:now|today|only)|(?:nivesh|invest) (?:kare|karein|karo).{0,40}(?:munafa|profit|"
     r"return)|निवेश|मुनाफा|शेयर (?:बाजार|मार्केट)|ट्रेडिंग"),
    ("invested_broker", "investment_crypto", 2.0,
     r"invested .{0,60}(?:broker|platform|company|app|scheme)|broker (?:i|we) found online|"
     r"(?:investment|trading) (?:scam|fraud|platform)|withdraw (?:my|the) (?:profits?|funds)"),
    ("stock_group", "investment_crypto", 1.0,
     r"(?:whatsapp|telegram) group.{0,60}(?:stock|trading|share|invest)|(?:stock|"
     r"share) market.{0,40}(?:group|expert|mentor|tips)|vip group"),
    # ---------------------------------------- job_task
    ("job_offer", "job_task", 2.0,
     r"part.?time (?:job|work|opportunit)|work from home|work at home|(?:daily|per day) (?:income|"
     r"earning|salary|payment)|earn (?:rs\.? ?|\$|₹)0|earn 0+ (?:rs|rupees|dollars|per|daily|"
     r"a day)|(?:like|rate|review|subscribe).{0,40}(?:video|product|hotel).{0,60}(?:earn|paid|pay|"
     r"commission)|prepaid task|task (?:based|completion)|hiring|vacanc|recruit|job (?:offer|"
     r"opportunit)|registration fee|salary.{0,40}(?:per|daily)|interview (?:notice|call|letter|"
     r"schedule)|short.?listed"),
    ("job_scam_story", "job_task", 2.0,
     r"work (?:at|from) home scam|purchasing agent|mystery shopper|reship(?:ping)?|"
     r"package (?:re)?shipping job|job (?:scam|offer scam)|fake (?:job|employer|recruiter)|"
     r"(?:overpayment|fake) check.{0,60}(?:job|employer)"),
    ("job_hinglish", "job_task", 2.0,
     r"ghar (?:baithe|se) (?:kamaye|kamayein|kaam|paise)|part time (?:naukri|kaam)|"
     r"roz (?:ke )?(?:0|hazaar|kamaye)|पार्ट टाइम|घर बैठे|नौकरी|कमाएं|कमाई|(?:youtube|"
     r"insta).{0,30}(?:like|subscribe) (?:karo|kare|karke)"),
    # ---------------------------------------- romance_sextortion
    ("sextortion", "romance_sextortion", 2.0,
     r"(?:video|photo|picture|recording).{0,60}(?:viral|leak|share|send|upload).{0,60}(?:family|"
     r"friends|contacts|relatives|social media)|(?:nude|naked|intimate|private) (?:video|photo|"
     r"pics|pictures)|sextortion|वीडियो.{0,30}वायरल|video viral kar"),
    ("met_online", "romance_sextortion", 2.5,
     r"(?:met|meet|talking to|chatting with) (?:someone|somebody|a (?:man|woman|guy|girl|lady)|"
     r"him|her) (?:online|on (?:facebook|instagram|a dating|tinder|hinge|whatsapp|snapchat))|"
     r"online (?:boyfriend|girlfriend|relationship)"),
    ("matrimony", "romance_sextortion", 1.5,
     r"matrimon|shaadi|jeevansathi|(?:saw|liked|viewed) your profile|\bnri\b.{0,40}(?:doctor|"
     r"engineer|marry|marriage)|(?:want|looking) (?:to|for) (?:a )?(?:serious relationship|"
     r"life partner)|gift (?:parcel|package).{0,60}(?:customs|clearance)"),
    ("dating_lure", "romance_sextortion", 1.5,
     r"(?:single|lonely) (?:girl|lady|woman|man|guy)|look(?:ing)? for (?:a )?(?:good )?(?:s ?e ?x|"
     r"partner|boyfriend|girlfriend)|(?:see|look at|check) my (?:photo|pic|profile)|"
     r"friend request|i (?:saw|met|meet) you .{0,40}(?:photo|street|road)|miss you.{0,40}(?:http|"
     r"\.com|\.sg|/s/)|chat-v\.com|michat"),
    ("romance", "romance_sextortion", 1.0,
     r"(?:my )?(?:love|darling|sweetheart|honey|dear).{0,60}(?:send|need|transfer).{0,40}(?:money|"
     r"\$|usd|rs|gift card)|dating (?:site|app)|lonely|soul ?mate|(?:met|meet) (?:on|"
     r"at) (?:facebook|instagram|tinder|hinge)"),
    # ---------------------------------------- family_emergency
    ("family_trouble", "family_emergency", 2.0,
     r"(?:grand ?(?:ma|pa|mother|father|son|daughter|child)|mom|mum|dad|beta|papa|"
     r"mummy).{0,80}(?:jail|arrest|accident|hospital|bail|trouble|stuck|lost my phone|new number)|"
     r"(?:hi|hey|hello) (?:mom|mum|dad).{0,40}(?:new number|phone (?:broke|broken|lost))|"
     r"this is my new number|bail (?:money|bond)|(?:accident|hospital|jail).{0,60}(?:send|"
     r"transfer|need).{0,30}(?:money|urgently)"),
    ("grandparent_opener", "family_emergency", 2.0,
     r"^(?:hello\W*)?(?:hi|hey)?\W*grand(?:pa|ma|mother|father)\b"),
    ("family_hi", "family_emergency", 2.0,
     r"(?:aapka|aapke|tumhara) (?:beta|beti|bhai|bete).{0,60}(?:police|arrest|giraftar|accident|"
     r"hospital|pakda)|बेटा.{0,40}(?:पुलिस|गिरफ्तार|एक्सीडेंट|अस्पताल)|(?:mummy|papa|"
     r"bhai).{0,40}(?:naya number|paise bhej|urgent)|(?:मम्मी|पापा|माँ|मां|भैया|दीदी|चाचा|"
     r"मामा).{0,60}(?:भेज दो|भेजो|पैसे|अर्जेंट|नया नंबर|फोन (?:खो|खराब|टूट))|(?:mummy|mumma|papa|"
     r"maa|bhaiya|didi|chacha|mama)\b.{0,60}(?:bhej do|paise bhejo|urgent|naya number|"
     r"phone (?:kho|kharab|toot|gir))"),
    # ---------------------------------------- prize_lottery
    ("won_prize", "prize_lottery", 2.0,
     r"(?:you|u|number|mobile) (?:have |has |ve |'ve )?(?:won|w0n|win|been selected|gained|"
     r"been awarded|awarded)|winner|congratulations?.{0,80}(?:won|prize|selected|lucky|reward|"
     r"gift)|lucky (?:draw|winner|day|number)|claim (?:your |ur )?(?:prize|reward|code|cash)|"
     r"prize (?:guaranteed|money)|jackpot|sweepstake|lottery|lotto|\bkbc\b|kaun banega crorepati|"
     r"giveaway|gift (?:card|voucher) (?:worth|of)|win (?:a |an )?(?:£|\$|₹|rs|free|brand new|0)|"
     r"to claim,? (?:call|txt|text|visit)|(?:selected|chosen|picked)(?: u|"
     r" you)?(?: randomly)? (?:to receive|for (?:a |the )?(?:£|\$|₹|rs|0|cash|prize|reward|"
     r"bonus))|await(?:s|ing)? (?:collection|your claim)|(?:reward|award|bonus|prize|cash) (?:is |"
     r"are )?(?:waiting|awaiting)|(?:call|quote|quoting) (?:the |your |ur )?claim (?:number|code)|"
     r"claim (?:ur|now)|to give away|unclaimed (?:bequest|inheritance|prize|funds)|beneficiary|"
     r"(?:select(?:ed)?|chosen?) you to (?:receive|win|get)"),
    ("complimentary_stay", "prize_lottery", 2.0,
     r"complimentary (?:stay|cruise|vacation|trip)|free (?:cruise|vacation|holiday)|"
     r"unredeemed (?:bonus )?points|bonus (?:caller )?prize|cash (?:prize|award)|(?:holiday|trip|"
     r"vacation) (?:valued|worth)"),
    ("lottery_hi", "prize_lottery", 2.0,
     r"लॉटरी|इनाम|कौन बनेगा करोड़पति|केबीसी|lottery (?:lagi|laga|jeeta|jeeti)|(?:aap|"
     r"aapne) .{0,30}(?:jeete|jeeta|jeet gaye)|inaam|lucky draw (?:me|mein)"),
    # ---------------------------------------- loan_debt_relief
    ("rate_reduction", "loan_debt_relief", 2.0,
     r"(?:0+%|zero percent|lower|reduc|drop down).{0,40}(?:interest|apr|rate)|rate (?:reduction|"
     r"expiration)|interest rate.{0,60}(?:credit card|reduc|lower)|credit card (?:debt|relief|"
     r"interest)|0+% on (?:all )?your credit card"),
    ("student_loan", "loan_debt_relief", 2.0,
     r"(?:student|school) loans?|loan forgiveness|loan discharge|forgiveness program"),
    ("debt_relief", "loan_debt_relief", 2.0,
     r"debt (?:relief|reduction|settlement|consolidation)|(?:settle|forgive).{0,40}(?:tax )?debt|"
     r"back tax(?:es)?|tax (?:debt|relief|negotiation)|relief (?:payment|services)|"
     r"financial relief|unsecured (?:credit )?debt|credit card debt"),
    ("loan_offer", "loan_debt_relief", 1.5,
     r"(?:personal|instant|pre.?approved|business|quick|easy) loan|loan (?:app|approved|offer|"
     r"sanction|amount|application|disburs)|(?:get|apply for) (?:a )?loan|"
     r"without (?:any )?(?:collateral|documents|cibil)|low cibil|(?:online|fast|cash|easy|cheap|"
     r"low.interest|urgent) (?:loans?|funds?|cash)|loans? (?:from|of|up to|upto) (?:rs|₹|\$|0)|"
     r"(?:pawn|collateral|bpkb)\b|(?:interest|rate) (?:of |from )?(?:only )?0+(?:\.0+)?%? ?(?:per|"
     r"a|/) ?month|(?:business )?line of credit|pre.?approved (?:for|credit|loan)"),
    ("loan_ad", "loan_debt_relief", 1.0,
     r"(?:offer\w*|need\w*|apply|borrow|fast|easy|online|unsecured|quick|"
     r"instant)\W+(?:\w+\W+){0,3}(?:loans?|funds?|business capital)\b|business capital|pinjaman|"
     r"pinj0m0n|koperasi|\bksp\b"),
    ("loan_hi", "loan_debt_relief", 2.0,
     r"लोन|ऋण|कर्ज|loan (?:milega|chahiye|le|lijiye|pass|approve ho)|(?:turant|instant) loan|"
     r"bina (?:cibil|document)"),
    # ---------------------------------------- delivery_shopping
    ("parcel_fee", "delivery_shopping", 2.0,
     r"(?:package|parcel|shipment|delivery|consignment).{0,80}(?:fee|pay|customs duty|redeliver|"
     r"re.?schedule|on hold|held|pending|unable|failed|could not|couldn't|return|address)|(?:usps|"
     r"royal mail|correos|postnl|india ?post|bluedart|delhivery|dpd|evri|hermes|canada post|"
     r"auspost|la poste)|tried to (?:make a )?deliver"),
    ("undelivered_goods", "delivery_shopping", 2.0,
     r"never (?:received|got|sent|shipped|delivered)(?: (?:the|my|any))? (?:tickets?|items?|"
     r"products?|merchandise|order|goods|package|puppy|watch|phone)|(?:tickets?|items?|products?|"
     r"merchandise|order) (?:were |was )?never (?:received|delivered|arrived|sent|shipped)|"
     r"fake (?:ticket|seller|website|online store)|(?:buy|bought|purchas\w*) (?:concert |"
     r"event )?tickets?|only a fake"),
    ("shop_deal", "delivery_shopping", 1.0,
     r"(?:fake|online) (?:shop|store|seller)|never (?:received|delivered|arrived)|non.?delivery|"
     r"(?:order|item)s? (?:never|not) (?:arrived|received|delivered)|replica|counterfeit|"
     r"too good to be true|0+% off on all|clearance sale"),
    ("delivery_hi", "delivery_shopping", 2.0,
     r"पार्सल|कूरियर|डिलीवरी|parcel (?:pending|hold|atka|ruka)|courier (?:charge|fees?)|"
     r"delivery (?:charge|fail)"),
    # ---------------------------------------- telemarketing
    ("auto_warranty", "telemarketing", 2.0,
     r"(?:vehicle|car|auto|factory|extended|manufacturer).{0,30}warranty|warranty (?:specialist|"
     r"coverage|protection)|vehicle service department"),
    ("health_insurance", "telemarketing", 1.5,
     r"medicare|health (?:insurance|plan|care advisor)|obamacare|affordable care|back brace|"
     r"knee brace|pharmacy (?:discount|card)|life insurance|final expense"),
    ("home_services", "telemarketing", 1.5,
     r"solar|energy (?:advocates|saving)|home (?:improvement|security|warranty)|\broof(?:ing)?\b|"
     r"window replacement|hvac|timeshare|cash offer.{0,30}(?:home|house|property)|(?:buy|"
     r"buying).{0,30}your (?:home|house|property)|real estate|(?:flats?|apartments?|plots?|"
     r"villas?) .{0,40}(?:price|booking|units)|buyer (?:look|looking) for a (?:home|house)|"
     r"are you the owner of"),
    ("sales_call", "telemarketing", 1.0,
     r"calling (?:you )?on behalf of|on a recorded line|do you have a (?:moment|minute) to speak|"
     r"(?:free|no.cost) (?:quote|estimate|consultation|inspection)"),
    ("do_not_call_option", "telemarketing", 1.0,
     r"do not call list|to (?:be )?removed?.{0,30}(?:press|reply|list)|(?:reply|text|txt|"
     r"send) (?:stop|stop0)|to opt.?out|unsubscribe"),
    ("ad_offer", "telemarketing", 1.0,
     r"limited time offer|special offer|(?:free|0+%) (?:minutes|texts|ringtone|camcorder|upgrade)|"
     r"ringtone|(?:buy|get) one get one|bogo|promo code|(?:mega|flat|big) sale|\bsale\b|"
     r"free delivery|shop now|subscribe|newsletter|discount (?:code|coupon)"),
    ("premium_sms", "telemarketing", 1.0,
     r"(?:txt|text|send|reply)\b.{0,25}\b(?:to|on) 0{4,6}\b|0+p ?(?:/|per) ?(?:msg|min|wk|week)|"
     r"0+ppm|£0+(?:\.0+)? ?(?:/|per) ?(?:msg|min|wk|week|month)|per msg|msg@|(?:line ?rental|"
     r"mobileupd0|camera phone|video phone|latest (?:nokia|motorola)|ringtones?|wallpaper|"
     r"polyphonic|t ?& ?c'?s? apply|subscription)"),
    ("adult_chat", "telemarketing", 1.0,
     r"horny|sexy|xxx|dogging|babes|naughty|hot (?:live|chat|girls)|fantasies|(?:chat|date|"
     r"meet) (?:with )?(?:local )?(?:singles|girls|women|ladies)|fancies you|(?:is|"
     r"be) inviting you to be (?:her|his) friend"),
    ("political", "telemarketing", 1.0,
     r"vote (?:for|on)|election|candidate|campaign|democrat|republican|congress(?:man|woman)|"
     r"president (?:trump|biden)|ballot|petition|survey|do you (?:agree|support)|carbon tax"),
    ("ucc_hi", "telemarketing", 1.0,
     r"ऑफर|छूट|डिस्काउंट|offer (?:valid|sirf)|sirf aaj"),
    # ---------------------------------------- other_fraud
    ("gambling", "other_fraud", 2.0,
     r"casino|poker|betting|\bbet\b|gambl|slot (?:game|machine)|satta|matka|togel|baccarat|"
     r"b4cc4rat|jackpot game|सट्टा|teen patti|rummy|aviator game|colou?r prediction|real (?:cash|"
     r"money) games?"),
    ("charity", "other_fraud", 1.0,
     r"donat(?:e|ion)|charity|relief fund|orphan|disaster relief"),
    ("scam_story", "other_fraud", 1.0,
     r"\b(?:i|we) (?:was|were|have been|had been|got) (?:scammed|defrauded|conned|cheated)|"
     r"victim of (?:a|an) [\w\s-]{0,40}scam|\bscammers?\b|fraudster|con artist"),
    ("rental_bec", "other_fraud", 1.0,
     r"rental (?:deposit|scam)|security deposit.{0,40}(?:wire|transfer)|"
     r"change(?:d)? (?:of )?(?:bank|payment) details|invoice.{0,40}(?:new|updated) account|"
     r"gift cards?.{0,40}(?:for me|urgently|scratch)|(?:ceo|boss|director).{0,40}gift card"),
    ("fake_documents", "other_fraud", 1.0,
     r"fake (?:id|passport|license|degree|certificate)|escort"),
    # ---------------------------------------- not_fraud
    ("personal_chat", "not_fraud", 0.5,
     r"^(?:hey|hi|hello|ok|okay|k|lol|haha|yeah|yes|no|sorry|thanks|thank you|good morning)\b|"
     r"\b(?:lol|haha|lor|wat|dat|gonna|wanna|luv|tmr|tomo|ltr)\b|i'?ll (?:call|be|see|come)|"
     r"see you|love you|miss you|on my way|call me (?:when|later)|(?:ghar|khana) (?:aa|kha)|"
     r"kab aa rahe|kya kar rahe"),
    ("legit_otp", "not_fraud", 1.0,
     r"(?:is|as) (?:your|the) (?:otp|one time password|verification code)|do not share (?:it|this|"
     r"the otp|otp|your otp) with anyone|never (?:ask|asks) for (?:your )?(?:otp|pin|password)|"
     r"(?:debited|credited) (?:from|to|by|with) (?:your )?(?:a/c|ac|account)|avl bal|"
     r"available balance"),
    ("appointment", "not_fraud", 1.0,
     r"appointment|prescription (?:is )?ready|your order (?:has )?shipped|(?:dentist|doctor|"
     r"clinic|pharmacy|school|office) .{0,40}(?:call|appointment)|returning your call"),
    ("robocall_ivr", "not_fraud", -2.0,
     r"\bpress (?:0|one|two|nine)\b.{0,40}(?:speak|talk|connect|officer|agent|representative|"
     r"cancel|authori[sz]e|know|information|details|dispute|report|support|now)|"
     r"\b(?:i )?repeat,? press|stay on the line|(?:automated|pre-?recorded) (?:message|call)"),
    ("complaint_narrative", "not_fraud", 1.0,
     r"credit report|credit bureau|equifax|transunion|experian|fcra|debt collector|"
     r"collection agency|mortgage servicer|loan servicer|escrow|my dispute"),
)
# fmt: on


def _expand(pattern: str) -> str:
    return pattern.replace("{press}", _PRESS)


RULES: tuple[Rule, ...] = tuple(
    Rule(name, label, weight, _expand(pattern)) for name, label, weight, pattern in _RAW
)
assert all(r.label in LABEL_INDEX for r in RULES)
assert len({r.name for r in RULES}) == len(RULES)
