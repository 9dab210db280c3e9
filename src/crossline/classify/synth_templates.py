"""The Indian-scenario message templates and their slot fillers (data only): the
impersonation and phishing schemes here, the other schemes in
:mod:`crossline.classify.synth_schemes` (in this order: the shipped model depends on it).

See :mod:`crossline.classify.synth`, which renders them.
"""

from __future__ import annotations

from crossline.classify.synth_schemes import SCHEMES

# Slot fillers.
FILLERS: dict[str, tuple[str, ...]] = {
    "bank": ("SBI", "HDFC", "ICICI", "Axis Bank", "PNB", "Kotak", "Bank of Baroda", "Canara Bank"),
    "wallet": ("Paytm", "PhonePe", "Google Pay", "Amazon Pay", "MobiKwik"),
    "amt": ("4,999", "12,500", "50,000", "1,25,000", "2,500", "99,000", "7,800", "3,45,000"),
    "small": ("49", "99", "150", "25", "199", "10"),
    "hrs": ("2", "24", "12", "4"),
    "num": ("98XXXXXX21", "7XXXXXXX45", "+91 80XXXXXX12", "63XXXXXX90", "91XXXXXX07"),
    "url": (
        "bit.ly/kyc-upd8",
        "sbi-yono.co/verify",
        "tinyurl.com/pan-link",
        "kyc-online.in/u",
        "hdfc-netbank.top/login",
        "is.gd/refund24",
    ),
    "city": ("Mumbai", "Delhi", "Lucknow", "Bengaluru", "Hyderabad", "Kolkata"),
    "name": ("Rahul", "Priya", "Amit", "Sunita", "Vikram", "Neha", "Rohan", "Anjali"),
    "power": ("MSEDCL", "BSES", "Tata Power", "UPPCL", "Adani Electricity", "TNEB"),
    "courier": ("FedEx", "DHL", "Blue Dart", "India Post", "DTDC"),
    "app": ("Telegram", "WhatsApp"),
    "profit": ("30%", "5% daily", "200%", "double", "3x"),
    "coin": ("USDT", "Bitcoin", "crypto"),
}

# (template id, label, text). {slot} is filled from FILLERS; "a|b" inside [[...]] picks one.
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # --- government_impersonation: digital arrest, customs parcel, TRAI/DoT, tax
    (
        "gov_hi1",
        "government_impersonation",
        "मैं सीबीआई मुंबई से इंस्पेक्टर बोल रहा हूं। आपके आधार कार्ड से एक पार्सल भेजा गया है जिसमें "
        "ड्रग्स मिले हैं। आप डिजिटल अरेस्ट में हैं, वीडियो कॉल से जुड़े रहिए और किसी को मत बताइए।",
    ),
    (
        "gov_hi2",
        "government_impersonation",
        "आपका मोबाइल नंबर {hrs} घंटे में बंद कर दिया जाएगा। ट्राई के अनुसार आपके नाम पर गैरकानूनी "
        "गतिविधि दर्ज है। अधिक जानकारी के लिए 9 दबाएं।",
    ),
    (
        "gov_hl1",
        "government_impersonation",
        "Main {city} cyber crime branch se bol raha hoon. Aapke naam pe FedEx parcel me drugs aur "
        "fake passport mila hai. Aapke khilaf FIR darj hai, abhi video call pe aaiye warna arrest "
        "warrant jari hoga.",
    ),
    (
        "gov_hl2",
        "government_impersonation",
        "Aapka SIM {hrs} ghante me band ho jayega, TRAI ne aapke number pe complaint [[darj ki hai|"
        "register ki hai]]. Details ke liye 9 dabaye.",
    ),
    (
        "gov_hl3",
        "government_impersonation",
        "Hello main CBI officer bol raha hoon, aapke aadhaar pe money laundering case hai. Aap "
        "digital arrest me hain, verification ke liye Rs {amt} RBI account me transfer kijiye.",
    ),
    (
        "gov_en1",
        "government_impersonation",
        "This is Customs {city} airport. A parcel in your name containing MDMA and 5 passports has "
        "been seized. Your Aadhaar is linked to a money laundering case. Stay on video call with "
        "the NCB officer, you are under digital arrest.",
    ),
    (
        "gov_en2",
        "government_impersonation",
        "Income Tax Department: you are eligible for a refund of Rs {amt}. Submit your bank "
        "details at {url} within {hrs} hours to receive the refund.",
    ),
    (
        "gov_en3",
        "government_impersonation",
        "Dear customer, your e-challan of Rs {small}0 for traffic violation is pending. Pay at "
        "{url} to avoid court proceedings.",
    ),
    (
        "gov_hi3",
        "government_impersonation",
        "आयकर विभाग: आपका रिफंड Rs {amt} स्वीकृत हो गया है। अपना खाता नंबर अपडेट करें {url}",
    ),
    # --- tech_support
    (
        "tech_hl1",
        "tech_support",
        "Sir aapke computer me virus aa gaya hai, Microsoft support se bol rahe hain. AnyDesk "
        "download kijiye hum remote se theek kar denge, Rs {small}9 fees lagegi.",
    ),
    (
        "tech_hi1",
        "tech_support",
        "माइक्रोसॉफ्ट सपोर्ट: आपके कंप्यूटर में वायरस मिला है और आपका सिस्टम हैक हो गया है। "
        "तुरंत हेल्पलाइन {num} पर कॉल करें।",
    ),
    (
        "tech_en1",
        "tech_support",
        "WARNING: your Windows computer is infected with spyware. Call Microsoft technical support "
        "at {num} immediately. Do not shut down your computer.",
    ),
    (
        "tech_en2",
        "tech_support",
        "Hello, this is the refund department of your computer technical support. We are closing "
        "down and will refund $399 for your subscription. Press 1 to get your refund.",
    ),
    (
        "tech_en3",
        "tech_support",
        "Norton renewal: your antivirus subscription was renewed for $299.99. To cancel and get a "
        "refund call our support desk at {num}.",
    ),
    # --- business_impersonation: utility, courier by call, bank fraud dept, employer
    (
        "biz_hi1",
        "business_impersonation",
        "प्रिय उपभोक्ता, आपका पिछले महीने का बिजली का बिल अपडेट नहीं हुआ है। आज रात 9:30 बजे आपकी "
        "बिजली काट दी जाएगी। तुरंत बिजली अधिकारी से {num} पर संपर्क करें।",
    ),
    (
        "biz_hl1",
        "business_impersonation",
        "Dear customer aapka bijli ka bill update nahi hua hai, aaj raat 9.30 baje light ka "
        "connection kat jayega. Turant {power} officer se {num} pe baat kare.",
    ),
    (
        "biz_en1",
        "business_impersonation",
        "Dear Consumer, your electricity power will be disconnected tonight at 9.30 pm because "
        "your previous month bill was not updated. Please immediately contact our electricity "
        "officer {num}. Thank you {power}",
    ),
    (
        "biz_hl2",
        "business_impersonation",
        "Sir main {bank} credit card department se bol raha hoon, aapke card pe Rs {amt} ka "
        "suspicious transaction hua hai, cancel karne ke liye card ke peeche ka number bataiye.",
    ),
    (
        "biz_en2",
        "business_impersonation",
        "Hello, this is {courier} customer care. Your international shipment could not be "
        "delivered, press 1 to speak to our executive.",
    ),
    (
        "biz_en3",
        "business_impersonation",
        "This is Amazon. An order of iPhone 15 for Rs {amt} has been placed from your account. If "
        "you did not place this order press 1 to speak to customer care.",
    ),
    (
        "biz_hi2",
        "business_impersonation",
        "नमस्ते, मैं {bank} के फ्रॉड विभाग से बोल रहा हूं। आपके कार्ड से Rs {amt} का संदिग्ध "
        "लेनदेन हुआ है, रोकने के लिए कार्ड नंबर और CVV बताइए।",
    ),
    # --- account_phishing: KYC, account blocked, OTP, PAN/Aadhaar link
    (
        "acc_hi1",
        "account_phishing",
        "प्रिय ग्राहक, आपका {bank} खाता आज बंद कर दिया जाएगा। तुरंत अपना केवाईसी अपडेट करें: {url}",
    ),
    (
        "acc_hl1",
        "account_phishing",
        "Aapka KYC update nahi hua to aapka {bank} account band ho jayega. Abhi link pe click "
        "karke PAN update kare {url}",
    ),
    (
        "acc_hl2",
        "account_phishing",
        "Sir aapke {wallet} wallet ka KYC expire ho gaya hai, customer care se baat kare {num} "
        "warna {hrs} ghante me account block ho jayega.",
    ),
    (
        "acc_en1",
        "account_phishing",
        "Dear {bank} user, your YONO account will be blocked today. Please update your PAN card "
        "immediately: {url}",
    ),
    (
        "acc_en2",
        "account_phishing",
        "Dear customer your {wallet} KYC has expired. Contact customer care {num} immediately, "
        "your account will be blocked within {hrs} hr.",
    ),
    (
        "acc_hl3",
        "account_phishing",
        "Sir aapke mobile pe ek OTP aaya hoga, wo bata dijiye, aapka account verify karna hai "
        "warna netbanking band ho jayegi.",
    ),
    (
        "acc_hi2",
        "account_phishing",
        "आपका पैन कार्ड आपके खाते से लिंक नहीं है। आपका नेटबैंकिंग ब्लॉक कर दिया गया है, लिंक पर क्लिक करें {url}",
    ),
    (
        "acc_en3",
        "account_phishing",
        "Your Netflix membership is on hold. We could not validate your billing details, update "
        "your payment information here {url}",
    ),
    *SCHEMES,
)
