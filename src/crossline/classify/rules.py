"""Labeling functions: named, hand-written patterns that vote for a label.

Each rule is a regular expression over the *normalised* text (see
:func:`crossline.classify.features.normalize`: case-folded, digits turned into
``0``, whitespace collapsed). Rules serve twice:

* at build time, as weak supervision: they label the unlabelled public messages
  and transcripts the model is trained on (with the source's own tags where they
  exist);
* at run time, as extra evidence added to the model's scores, weighted by a factor
  fitted on data the rules did not label, and reported by name as *evidence*.

Rules are written in English, Hinglish (Hindi in Latin letters) and Hindi
(Devanagari), with a few Chinese ones for the Chinese-language courier/consulate
robocalls seen in the FTC recordings. Patterns use only the syntax shared by
Python's ``re`` and Rust's ``regex`` (no look-around, no back-references), because
batches are matched with Polars.

The weight says how much a hit should count: 2 for a phrase that on its own names
the scheme ("social security number has been suspended"), 1 for a strong hint,
0.5 for a weak one that only helps when something else agrees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from crossline.classify.taxonomy import LABEL_INDEX, LABELS


@dataclass(frozen=True, slots=True)
class Rule:
    """One labeling function: ``pattern`` found in a normalised text votes ``label``."""

    name: str
    label: str
    weight: float
    pattern: str


_D = "[0-9]"
# The things a caller asks to be pressed: "press 1", "press one", "dial 9".
_PRESS = r"(?:press|dial|push)(?:ing)? (?:0|one|two|nine|the number)"

_RAW: tuple[tuple[str, str, float, str], ...] = (
    # ---------------------------------------------------------------- government
    ("ssn_suspended", "government_impersonation", 2.0,
     r"social (?:security|insurance)(?: number)?.{0,60}(?:suspend|compromis|fraudulent|"
     r"illegal|legal enforcement|blocked|cancel)|suspend(?:ed|ing)? your social|"
     r"\bssn\b.{0,40}(?:suspend|compromis|fraudulent|illegal|blocked)"),
    ("ssa_named", "government_impersonation", 1.0,
     r"social security administration|\bssa\b|department of social security"),
    ("legal_enforcement", "government_impersonation", 1.5,
     r"legal enforcement action|enforcement action.{0,30}(?:filed|executed)|"
     r"warrant (?:against|for|on) your (?:name|arrest)|arrest warrant|"
     r"grand jury|magistrate|federal (?:criminal )?offen[cs]e|federal agent|"
     r"investigation officer|concerned department|avoid legal consequences"),
    ("legal_dept_case", "government_impersonation", 1.0,
     r"legal department.{0,80}(?:case|legal action)|leave your work aside|"
     r"(?:take|forced to take) legal action against you|lawsuit (?:has been )?filed against you|"
     r"complaint (?:has been )?filed against you|case file"),
    ("officer_badge", "government_impersonation", 1.0,
     r"\bofficer\b.{0,40}(?:calling|from|assigned|badge)|special agent|badge number|"
     r"the police (?:are|is|be) (?:already )?on (?:their|the) way"),
    ("tax_agency", "government_impersonation", 1.0,
     r"\birs\b|internal revenue|income ?tax (?:department|dept|e.?filing)|incometax|"
     r"\bhmrc\b|\bato\b|tax agency|tax (?:department|authority)|agencia ?tributaria"),
    ("tax_refund_claim", "government_impersonation", 1.5,
     r"tax refund|overdue (?:approved )?(?:tax )?refund|refund request|"
     r"(?:itr|income tax) refund|tax rebate"),
    ("customs_seized", "government_impersonation", 2.0,
     r"customs(?: and border protection)?.{0,80}(?:seized|contraband|drugs|illegal)|"
     r"(?:package|parcel|shipment).{0,60}(?:seized|contraband|drugs|narcotics)|"
     r"border protection|\bcbp\b"),
    ("federal_reserve", "government_impersonation", 1.5,
     r"federal reserve|treasury department|department of (?:justice|treasury|homeland)|"
     r"\bfbi\b|\bdea\b|\bdhs\b|us marshal"),
    ("gov_grant_covid", "government_impersonation", 1.0,
     r"gov\.? ?uk|government (?:grant|payment|relief)|covid.{0,40}(?:grant|compensation|payment)|"
     r"test(?:ed)? positive|self.?isolat|stimulus (?:check|payment)"),
    ("traffic_fine", "government_impersonation", 1.0,
     r"(?:traffic|toll|parking) (?:fine|offen[cs]e|violation|ticket)|pay my fines|e.?challan|"
     r"unpaid toll"),
    ("digital_arrest_en", "government_impersonation", 2.0,
     r"digital arrest|\bcbi\b|narcotics (?:control )?bureau|\bncb\b|enforcement directorate|"
     r"money laundering case|mumbai (?:cyber )?(?:crime|police)|crime branch|"
     r"\btrai\b|department of telecom|\bdot\b.{0,30}(?:block|disconnect)|"
     r"(?:sim|mobile number|number).{0,40}(?:will be |to be )?(?:blocked|disconnected) "
     r"(?:in|within) (?:0|two)"),
    ("consulate", "government_impersonation", 1.5,
     r"consulate|embassy|immigration (?:department|office)|visa (?:has been )?cancel"),
    ("digital_arrest_hi", "government_impersonation", 2.0,
     r"डिजिटल अरेस्ट|सीबीआई|गिरफ्तार|वारंट|पुलिस (?:स्टेशन|थाने)|कस्टम|नशीले|ड्रग्स|"
     r"मनी लॉन्ड्रिंग|ट्राई|दूरसंचार विभाग|सिम .{0,20}बंद|आयकर विभाग|"
     r"giraftar|girftar|arrest ho (?:jayega|jaoge|sakte)|warrant (?:jari|nikla)|"
     r"police (?:case|complaint) (?:darj|ho|hoga|hua)|parcel.{0,40}(?:drugs|ड्रग)|"
     r"(?:sim|number) .{0,20}band (?:ho jayega|kar diya jayega)|aapke (?:naam|aadhaar) (?:pe|par)"),
    # ---------------------------------------------------------------- tech support
    ("tech_brand_support", "tech_support", 1.5,
     r"(?:microsoft|windows|apple|icloud|geek squad|norton|mcafee|avast|"
     r"computer|technical) (?:help|support|security|service|technician|department)|"
     r"tech(?:nical)? support|apple support advisor"),
    ("device_infected", "tech_support", 2.0,
     r"(?:computer|pc|device|laptop|system|phone|windows).{0,40}virus|virus.{0,40}"
     r"(?:computer|pc|device|laptop|detected)|malware|spyware|trojan|"
     r"hack(?:ed|ing)? (?:your|the) (?:computer|device|pc|laptop|phone)|"
     r"(?:your|the) (?:computer|pc|laptop|device).{0,40}(?:infected|compromised|hijack|"
     r"serious issue|error)|hijack your|remote access|anydesk|teamviewer|ultraviewer|"
     r"firewall|ip address.{0,30}(?:compromis|hack)"),
    ("software_refund", "tech_support", 2.0,
     r"(?:refund|cancel).{0,60}(?:subscription|technical support|tech support|"
     r"computer (?:technical )?support|antivirus|geek squad)|refund department|"
     r"ordered to close down"),
    ("tech_hi", "tech_support", 1.5,
     r"कंप्यूटर .{0,30}(?:वायरस|हैक)|वायरस|रिमोट|एनीडेस्क|"
     r"computer (?:me|mein) virus|anydesk (?:download|install)"),
    # ---------------------------------------------------------------- business
    ("amazon_order", "business_impersonation", 2.0,
     r"(?:amazon|amzn|flipkart|walmart|ebay|best ?buy).{0,120}"
     r"(?:order|purchase|charge|authori[sz]e|debited|payment)|"
     r"(?:order|purchase|charge).{0,80}(?:amazon|apple iphone|macbook|airpods|iphone|xbox)|"
     r"amazon (?:support|security|customer|fraud)"),
    ("preauthorized_order", "business_impersonation", 1.5,
     r"pre.?authori[sz]ed (?:order|purchase|payment)|(?:to|not) authori[sz]e (?:this|the) "
     r"(?:order|payment|transaction)|suspicious (?:incoming )?charge|unauthori[sz]ed "
     r"(?:charge|purchase|order|transaction)|cancellation department|fraud (?:detection|"
     r"prevention) department|dispute (?:on )?this charge"),
    ("utility_disconnect", "business_impersonation", 2.0,
     r"disconnect(?:ion)? department|disconnection of (?:your )?service|"
     r"(?:power|electricity|gas|service) (?:will|would) (?:get |be )?(?:disconnected|cut|"
     r"interrupted)|interruption of service|utility outage|electric(?:ity)? company|"
     r"electric utility|energy electricity|power and light|billing department|"
     r"stop the (?:interruption|disconnection|disjoin)"),
    ("utility_hi", "business_impersonation", 2.0,
     r"बिजली.{0,40}(?:कट|काट|बंद|बिल)|bijli.{0,40}(?:kat|cut|band|bill)|"
     r"electricity (?:connection|bill).{0,60}(?:disconnect|cut|kat|band|tonight|aaj raat)|"
     r"(?:light|bijli) (?:ka )?(?:connection|conection) (?:kat|kaat|cut)"),
    ("isp_discount", "business_impersonation", 1.5,
     r"(?:direct ?tv|at&t|att|spectrum|xfinity|comcast|verizon|t.?mobile|dish)"
     r".{0,80}(?:discount|0% off|off on|qualified|offer)|"
     r"qualified (?:for|to get) (?:up to )?0+% (?:off|discount)|discount on your monthly bill"),
    ("bank_fraud_dept_call", "business_impersonation", 1.0,
     r"(?:bank|card|paypal|wells fargo|chase|cash ?app|venmo|zelle).{0,80}"
     r"(?:unusual|suspicious) (?:login|activity|transaction).{0,120}{press}"),
    ("courier_call", "business_impersonation", 1.5,
     r"(?:dhl|fedex|ups|usps|sedex|sydex|express).{0,80}(?:press|按)|"
     r"国际快递|快递|快件|包裹|派送"),
    ("employer_impersonation", "business_impersonation", 0.5,
     r"(?:hr|human resources) (?:department|team).{0,60}(?:salary|payroll|bank details)"),
    ("customer_care_hi", "business_impersonation", 1.0,
     r"customer care (?:se|say|number|no)|कस्टमर केयर|ग्राहक सेवा"),
    # ---------------------------------------------------------------- account phishing
    ("kyc_update", "account_phishing", 2.0,
     r"\bkyc\b|\be.?kyc\b|केवाईसी|re.?kyc|know your customer"),
    ("account_blocked", "account_phishing", 1.5,
     r"(?:account|acct|a/c|card|wallet|netbanking|yono|id) (?:has been |have be |is |will be |"
     r"be |was |been )?(?:temporarily )?(?:blocked|block|suspended|suspend|locked|limited|"
     r"restricted|restrict|disabled|deactivated|on hold|hold|expire|expired|frozen)|"
     r"(?:avoid|prevent).{0,30}(?:suspension|block|restriction|deactivation|blockage)"),
    ("verify_link", "account_phishing", 1.5,
     r"(?:verify|update|confirm|validate|reactivate|re.?activate|restore|unlock|login|log in|"
     r"sign in).{0,60}(?:account|details|detail|information|identity|data|pan|aadhaar)"
     r".{0,80}(?:http|www|\.com|\.in|link|click|visit)|"
     r"(?:click|visit|follow|tap).{0,40}(?:link|http|www).{0,60}(?:verify|update|confirm|"
     r"reactivate|re.?activate|restore|unlock|avoid)"),
    ("otp_share", "account_phishing", 2.0,
     r"(?:share|send|tell|provide|give).{0,30}(?:otp|one time password|pin|cvv)|"
     r"otp (?:share|bata|bhej|batao|dijiye)|ओटीपी.{0,20}(?:बताएं|बताइए|भेजें|शेयर)"),
    ("unusual_login", "account_phishing", 1.0,
     r"unusual (?:sign.?in|login|activity)|unrecogni[sz]ed (?:device|login)|new device|"
     r"(?:someone|somebody) (?:tried|try) to (?:log|access)|security alert|"
     r"identity theft|sim swap"),
    ("pan_aadhaar_link", "account_phishing", 1.5,
     r"pan (?:card )?(?:update|link|expire|block)|aadhaar.{0,30}(?:link|update|verify)|"
     r"(?:update|link) (?:your )?(?:pan|aadhaar)|yono|sbi netbanking|net ?banking.{0,40}"
     r"(?:block|suspend|expire)"),
    ("card_renew", "account_phishing", 1.0,
     r"(?:debit|credit|bank) card.{0,60}(?:expire|renew|outdated|new card|replace)|"
     r"reward points?.{0,60}(?:expire|redeem).{0,40}(?:http|link|click)"),
    ("payment_failed_update", "account_phishing", 1.0,
     r"(?:payment|billing).{0,30}(?:failed|declined|unsuccessful|problem).{0,80}"
     r"(?:update|verify|confirm)|netflix|apple id|icloud"),
    ("kyc_hinglish", "account_phishing", 2.0,
     r"kyc (?:update|pending|expire|nahi|karwa|kare|karaye|complete)|"
     r"(?:account|khata|khaata|sim) (?:band|block) (?:ho jayega|ho jaega|kar diya|hone wala)|"
     r"खाता.{0,20}(?:बंद|ब्लॉक)|अकाउंट.{0,20}(?:बंद|ब्लॉक)|सत्यापन|"
     r"(?:pan|aadhar|aadhaar) (?:update|link) (?:karen|kare|karein|nahi)"),
    # ---------------------------------------------------------------- investment / crypto
    ("crypto", "investment_crypto", 1.5,
     r"bitcoin|\bbtc\b|crypto|\busdt\b|ethereum|\beth\b|binance|blockchain|coinbase|"
     r"forex|mining pool|trading (?:platform|app|account|group)|क्रिप्टो|बिटकॉइन"),
    ("guaranteed_returns", "investment_crypto", 2.0,
     r"guaranteed (?:return|profit)|(?:daily|weekly|monthly) (?:return|profit)s?|"
     r"double your (?:money|investment)|0+% (?:return|profit)|returns? of 0+%|"
     r"stock (?:tips|market tips|recommendation)|ipo (?:allotment|quota)|"
     r"investment (?:plan|opportunity|scheme)|invest (?:now|today|only)|"
     r"(?:nivesh|invest) (?:kare|karein|karo).{0,40}(?:munafa|profit|return)|"
     r"निवेश|मुनाफा|शेयर (?:बाजार|मार्केट)|ट्रेडिंग"),
    ("stock_group", "investment_crypto", 1.0,
     r"(?:whatsapp|telegram) group.{0,60}(?:stock|trading|share|invest)|"
     r"(?:stock|share) market.{0,40}(?:group|expert|mentor|tips)|vip group"),
    # ---------------------------------------------------------------- job / task
    ("job_offer", "job_task", 2.0,
     r"part.?time (?:job|work|opportunit)|work from home|work at home|"
     r"(?:daily|per day) (?:income|earning|salary|payment)|earn (?:rs|\$|₹|0)|"
     r"(?:like|rate|review|subscribe).{0,40}(?:video|product|hotel).{0,60}(?:earn|paid|pay|"
     r"commission)|prepaid task|task (?:based|completion)|"
     r"hiring|vacanc|recruit|job (?:offer|opportunit)|registration fee|salary.{0,40}(?:per|daily)"),
    ("job_hinglish", "job_task", 2.0,
     r"ghar (?:baithe|se) (?:kamaye|kamayein|kaam|paise)|part time (?:naukri|kaam)|"
     r"roz (?:ke )?(?:0|hazaar|kamaye)|पार्ट टाइम|घर बैठे|नौकरी|कमाएं|कमाई|"
     r"(?:youtube|insta).{0,30}(?:like|subscribe) (?:karo|kare|karke)"),
    # ---------------------------------------------------------------- romance / sextortion
    ("sextortion", "romance_sextortion", 2.0,
     r"(?:video|photo|picture|recording).{0,60}(?:viral|leak|share|send|upload).{0,60}"
     r"(?:family|friends|contacts|relatives|social media)|"
     r"(?:nude|naked|intimate|private) (?:video|photo|pics|pictures)|sextortion|"
     r"वीडियो.{0,30}वायरल|video viral kar"),
    ("romance", "romance_sextortion", 1.0,
     r"(?:my )?(?:love|darling|sweetheart|honey|dear).{0,60}(?:send|need|transfer).{0,40}"
     r"(?:money|\$|usd|rs|gift card)|matrimon|shaadi|dating (?:site|app)|"
     r"lonely|soul ?mate|(?:met|meet) (?:on|at) (?:facebook|instagram|tinder|hinge)"),
    # ---------------------------------------------------------------- family emergency
    ("family_trouble", "family_emergency", 2.0,
     r"(?:grand ?(?:ma|pa|mother|father|son|daughter|child)|mom|mum|dad|beta|papa|mummy)"
     r".{0,80}(?:jail|arrest|accident|hospital|bail|trouble|stuck|lost my phone|new number)|"
     r"(?:hi|hey|hello) (?:mom|mum|dad).{0,40}(?:new number|phone (?:broke|broken|lost))|"
     r"this is my new number|bail (?:money|bond)|"
     r"(?:accident|hospital|jail).{0,60}(?:send|transfer|need).{0,30}(?:money|urgently)"),
    ("family_hi", "family_emergency", 2.0,
     r"(?:aapka|aapke|tumhara) (?:beta|beti|bhai|bete).{0,60}(?:police|arrest|giraftar|"
     r"accident|hospital|pakda)|बेटा.{0,40}(?:पुलिस|गिरफ्तार|एक्सीडेंट|अस्पताल)|"
     r"(?:mummy|papa|bhai).{0,40}(?:naya number|paise bhej|urgent)"),
    # ---------------------------------------------------------------- prize / lottery
    ("won_prize", "prize_lottery", 2.0,
     r"(?:you|u|number|mobile) (?:have |has |ve |'ve )?(?:won|w0n|win|been selected|gained|"
     r"been awarded|awarded)|winner|congratulations?.{0,80}(?:won|prize|selected|lucky|reward|"
     r"gift)|lucky (?:draw|winner|day|number)|claim (?:your |ur )?(?:prize|reward|code|cash)|"
     r"prize (?:guaranteed|money)|jackpot|sweepstake|lottery|lotto|\bkbc\b|"
     r"kaun banega crorepati|giveaway|gift (?:card|voucher) (?:worth|of)|"
     r"win (?:a |an )?(?:£|\$|₹|rs|free|brand new|0)|to claim,? (?:call|txt|text|visit)"),
    ("complimentary_stay", "prize_lottery", 1.5,
     r"complimentary (?:stay|cruise|vacation|trip)|free (?:cruise|vacation|holiday)|"
     r"unredeemed (?:bonus )?points|bonus (?:caller )?prize|cash (?:prize|award)|"
     r"(?:holiday|trip|vacation) (?:valued|worth)"),
    ("lottery_hi", "prize_lottery", 2.0,
     r"लॉटरी|इनाम|कौन बनेगा करोड़पति|केबीसी|lottery (?:lagi|laga|jeeta|jeeti)|"
     r"(?:aap|aapne) .{0,30}(?:jeete|jeeta|jeet gaye)|inaam|lucky draw (?:me|mein)"),
    # ---------------------------------------------------------------- loan / debt relief
    ("rate_reduction", "loan_debt_relief", 2.0,
     r"(?:0+%|zero percent|lower|reduc|drop down).{0,40}(?:interest|apr|rate)|"
     r"rate (?:reduction|expiration)|interest rate.{0,60}(?:credit card|reduc|lower)|"
     r"credit card (?:debt|relief|interest)|0+% on (?:all )?your credit card"),
    ("student_loan", "loan_debt_relief", 2.0,
     r"student loan|loan forgiveness|loan discharge|forgiveness program"),
    ("debt_relief", "loan_debt_relief", 2.0,
     r"debt (?:relief|reduction|settlement|consolidation)|(?:settle|forgive).{0,40}"
     r"(?:tax )?debt|back tax(?:es)?|tax (?:debt|relief|negotiation)|relief (?:payment|services)|"
     r"financial relief"),
    ("loan_offer", "loan_debt_relief", 1.5,
     r"(?:personal|instant|pre.?approved|business|quick|easy) loan|loan (?:app|approved|offer|"
     r"sanction|amount|application|disburs)|(?:get|apply for) (?:a )?loan|"
     r"without (?:any )?(?:collateral|documents|cibil)|low cibil"),
    ("loan_hi", "loan_debt_relief", 2.0,
     r"लोन|ऋण|कर्ज|loan (?:milega|chahiye|le|lijiye|pass|approve ho)|"
     r"(?:turant|instant) loan|bina (?:cibil|document)"),
    # ---------------------------------------------------------------- delivery / shopping
    ("parcel_fee", "delivery_shopping", 2.0,
     r"(?:package|parcel|shipment|delivery|consignment).{0,80}(?:fee|pay|customs duty|redeliver|"
     r"re.?schedule|on hold|held|pending|unable|failed|could not|couldn't|return|address)|"
     r"(?:usps|royal mail|correos|postnl|india ?post|bluedart|delhivery|dpd|evri|hermes|"
     r"canada post|auspost|la poste)|tried to (?:make a )?deliver"),
    ("shop_deal", "delivery_shopping", 1.0,
     r"(?:fake|online) (?:shop|store|seller)|never (?:received|delivered|arrived)|"
     r"non.?delivery|(?:order|item)s? (?:never|not) (?:arrived|received|delivered)|"
     r"replica|counterfeit|too good to be true|0+% off on all|clearance sale"),
    ("delivery_hi", "delivery_shopping", 2.0,
     r"पार्सल|कूरियर|डिलीवरी|parcel (?:pending|hold|atka|ruka)|courier (?:charge|fees?)|"
     r"delivery (?:charge|fail)"),
    # ---------------------------------------------------------------- telemarketing
    ("auto_warranty", "telemarketing", 2.0,
     r"(?:vehicle|car|auto|factory|extended|manufacturer).{0,30}warranty|"
     r"warranty (?:specialist|coverage|protection)|vehicle service department"),
    ("health_insurance", "telemarketing", 1.5,
     r"medicare|health (?:insurance|plan|care advisor)|obamacare|affordable care|"
     r"back brace|knee brace|pharmacy (?:discount|card)|life insurance|final expense"),
    ("home_services", "telemarketing", 1.5,
     r"solar|energy (?:advocates|saving)|home (?:improvement|security|warranty)|"
     r"roof(?:ing)?|window replacement|hvac|timeshare|cash offer.{0,30}(?:home|house|property)|"
     r"(?:buy|buying).{0,30}your (?:home|house|property)|real estate|"
     r"(?:flats?|apartments?|plots?|villas?) .{0,40}(?:price|booking|units)"),
    ("do_not_call_option", "telemarketing", 1.0,
     r"do not call list|to (?:be )?removed?.{0,30}(?:press|reply|list)|"
     r"(?:reply|text|txt|send) (?:stop|stop0)|to opt.?out|unsubscribe"),
    ("ad_offer", "telemarketing", 1.0,
     r"limited time offer|special offer|(?:free|0+%) (?:minutes|texts|ringtone|camcorder|upgrade)|"
     r"ringtone|(?:buy|get) one get one|bogo|promo code|(?:mega|flat|big) sale|"
     r"\bsale\b|free delivery|shop now|subscribe|newsletter|discount (?:code|coupon)"),
    ("premium_sms", "telemarketing", 1.0,
     r"(?:txt|text|send|reply)\b.{0,25}\b(?:to|on) 0{4,6}\b|0+p ?(?:/|per) ?(?:msg|min|wk|week)|"
     r"0+ppm|£0+(?:\.0+)? ?(?:/|per) ?(?:msg|min|wk|week|month)|per msg|msg@|"
     r"(?:line ?rental|mobileupd0|camera phone|video phone|latest (?:nokia|motorola)|"
     r"ringtones?|wallpaper|polyphonic|t ?& ?c'?s? apply|subscription)"),
    ("adult_chat", "telemarketing", 1.0,
     r"horny|sexy|xxx|dogging|babes|naughty|hot (?:live|chat|girls)|fantasies|"
     r"(?:chat|date|meet) (?:with )?(?:local )?(?:singles|girls|women|ladies)|"
     r"fancies you|(?:is|be) inviting you to be (?:her|his) friend"),
    ("political", "telemarketing", 1.0,
     r"vote (?:for|on)|election|candidate|campaign|democrat|republican|congress(?:man|woman)|"
     r"president (?:trump|biden)|ballot|petition|survey"),
    ("ucc_hi", "telemarketing", 1.0,
     r"ऑफर|छूट|डिस्काउंट|offer (?:valid|sirf)|sirf aaj"),
    # ---------------------------------------------------------------- other fraud
    ("gambling", "other_fraud", 2.0,
     r"casino|poker|betting|\bbet\b|gambl|slot (?:game|machine)|satta|matka|togel|"
     r"baccarat|b4cc4rat|jackpot game|सट्टा"),
    ("charity", "other_fraud", 1.0,
     r"donat(?:e|ion)|charity|relief fund|orphan|disaster relief"),
    ("rental_bec", "other_fraud", 1.0,
     r"rental (?:deposit|scam)|security deposit.{0,40}(?:wire|transfer)|"
     r"change(?:d)? (?:of )?(?:bank|payment) details|invoice.{0,40}(?:new|updated) account|"
     r"gift cards?.{0,40}(?:for me|urgently|scratch)|(?:ceo|boss|director).{0,40}gift card"),
    ("fake_documents", "other_fraud", 1.0,
     r"fake (?:id|passport|license|degree|certificate)|escort"),
    # ---------------------------------------------------------------- not fraud
    ("personal_chat", "not_fraud", 0.5,
     r"^(?:hey|hi|hello|ok|okay|k|lol|haha|yeah|yes|no|sorry|thanks|thank you|good morning)\b|"
     r"\b(?:lol|haha|lor|wat|dat|gonna|wanna|luv|tmr|tomo|ltr)\b|i'?ll (?:call|be|see|come)|"
     r"see you|love you|miss you|on my way|call me (?:when|later)|(?:ghar|khana) "
     r"(?:aa|kha)|kab aa rahe|kya kar rahe"),
    ("legit_otp", "not_fraud", 1.0,
     r"(?:is|as) (?:your|the) (?:otp|one time password|verification code)|"
     r"do not share (?:it|this|the otp|otp|your otp) with anyone|"
     r"never (?:ask|asks) for (?:your )?(?:otp|pin|password)|"
     r"(?:debited|credited) (?:from|to|by|with) (?:your )?(?:a/c|ac|account)|"
     r"avl bal|available balance"),
    ("appointment", "not_fraud", 1.0,
     r"appointment|prescription (?:is )?ready|your order (?:has )?shipped|"
     r"(?:dentist|doctor|clinic|pharmacy|school|office) .{0,40}(?:call|appointment)|"
     r"returning your call"),
    ("complaint_narrative", "not_fraud", 1.0,
     r"credit report|credit bureau|equifax|transunion|experian|fcra|debt collector|"
     r"collection agency|mortgage servicer|loan servicer|escrow|my dispute"),
)


def _expand(pattern: str) -> str:
    return pattern.replace("{press}", _PRESS)


RULES: tuple[Rule, ...] = tuple(
    Rule(name, label, weight, _expand(pattern)) for name, label, weight, pattern in _RAW
)
assert all(r.label in LABEL_INDEX for r in RULES)
assert len({r.name for r in RULES}) == len(RULES)


def _to_rust(pattern: str) -> str:
    # ASCII word boundaries: Unicode-aware \b is ~50x slower in Rust's regex, and the
    # rules only put \b next to Latin letters.
    return pattern.replace(r"\b", r"(?-u:\b)")


@cache
def _python_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r.pattern) for r in RULES)


@cache
def _weights() -> np.ndarray:
    """(n_rules, n_labels) matrix: rule i votes ``weight`` for its label."""
    w = np.zeros((len(RULES), len(LABELS)), dtype=np.float32)
    for i, rule in enumerate(RULES):
        w[i, LABEL_INDEX[rule.label]] = rule.weight
    return w


def match_matrix(norm_texts: Sequence[str]) -> np.ndarray:
    """Boolean (n_texts, n_rules) matrix: which rules fire on which normalised text.

    Matching runs in Polars (Rust regex), one vectorised pass per rule.
    """
    n = len(norm_texts)
    out = np.zeros((n, len(RULES)), dtype=bool)
    if n == 0:
        return out
    series = pl.Series("t", list(norm_texts), dtype=pl.String)
    for j, rule in enumerate(RULES):
        out[:, j] = series.str.contains(_to_rust(rule.pattern)).fill_null(False).to_numpy()
    return out


def votes(matches: np.ndarray) -> np.ndarray:
    """(n_texts, n_labels) summed rule weights for each label."""
    return matches.astype(np.float32) @ _weights()


def weak_label(vote_row: np.ndarray, *, min_vote: float = 1.5, margin: float = 1.0) -> str | None:
    """Label the rules agree on for one text, or ``None`` when they abstain or conflict.

    The top label needs at least ``min_vote`` and must lead the runner-up by ``margin``.
    """
    order = np.argsort(-vote_row, kind="stable")
    top, second = vote_row[order[0]], vote_row[order[1]]
    if top < min_vote or top - second < margin:
        return None
    return LABELS[int(order[0])]


def fired(norm_text: str, matches_row: np.ndarray) -> list[tuple[Rule, str]]:
    """The rules that fired on one text, each with the phrase it matched (for evidence)."""
    pats = _python_patterns()
    out: list[tuple[Rule, str]] = []
    for j in np.flatnonzero(matches_row):
        m = pats[j].search(norm_text)
        out.append((RULES[j], m.group(0)[:60] if m else ""))
    return out
