"""Message templates of the money, relationship and marketing schemes, and of messages
that are not fraud (data only; the rest is in :mod:`crossline.classify.synth_templates`)."""

from __future__ import annotations

SCHEMES: tuple[tuple[str, str, str], ...] = (
    # --- investment_crypto
    (
        "inv_hl1",
        "investment_crypto",
        "Stock market me invest kare aur roz {profit} profit kamaye. Hamare VIP {app} group me "
        "judiye, expert tips free: {url}",
    ),
    (
        "inv_hi1",
        "investment_crypto",
        "शेयर बाजार में निवेश करें और हर महीने {profit} गारंटीड मुनाफा पाएं। हमारे VIP ग्रुप से जुड़ें {url}",
    ),
    (
        "inv_en1",
        "investment_crypto",
        "Join our {app} trading group. Invest Rs 10,000 in {coin} and get guaranteed {profit} "
        "returns in 7 days. Limited slots: {url}",
    ),
    (
        "inv_en2",
        "investment_crypto",
        "Hi dear, I made a lot of profit on this crypto trading platform, my mentor can teach you. "
        "Deposit USDT to the platform wallet to start, returns are guaranteed.",
    ),
    (
        "inv_hl2",
        "investment_crypto",
        "IPO allotment guaranteed, institutional account kholiye aur {coin} me nivesh kare, "
        "{profit} munafa pakka.",
    ),
    # --- job_task
    (
        "job_hl1",
        "job_task",
        "Part time job: ghar baithe YouTube videos like karo aur roz Rs {small}00 se 3000 kamao. "
        "Join karne ke liye {app} pe message kare {num}",
    ),
    (
        "job_hi1",
        "job_task",
        "पार्ट टाइम नौकरी: घर बैठे रोज ₹3000 कमाएं, सिर्फ होटल रिव्यू देने हैं। संपर्क करें {num}",
    ),
    (
        "job_en1",
        "job_task",
        "Hello, we are hiring for part-time work from home. Complete simple tasks like rating "
        "hotels and earn Rs {small}00 per task. Message us on {app}.",
    ),
    (
        "job_en2",
        "job_task",
        "Congratulations, you are selected for the data entry job at Amazon. Pay registration fee "
        "Rs {small}9 to confirm your joining. Salary 35,000 per month.",
    ),
    (
        "job_en3",
        "job_task",
        "Hi, I am Kelly from a recruiting agency. We have a remote job opportunity, $300 daily "
        "income, you only need to like products online. Reply YES to learn more.",
    ),
    (
        "job_hl2",
        "job_task",
        "Prepaid task complete karo aur 30% commission pao, pehle Rs {small}00 deposit karna "
        "hoga, task ke baad paisa wapas.",
    ),
    # --- romance_sextortion
    (
        "rom_hl1",
        "romance_sextortion",
        "Tumhara video mere paas hai, Rs {amt} bhejo warna ye video tumhari family aur friends ko "
        "bhej dunga aur YouTube pe viral kar dunga.",
    ),
    (
        "rom_hi1",
        "romance_sextortion",
        "तुम्हारा अश्लील वीडियो रिकॉर्ड हो गया है। {amt} रुपये नहीं भेजे तो वीडियो वायरल कर "
        "देंगे और तुम्हारे सभी रिश्तेदारों को भेज देंगे।",
    ),
    (
        "rom_en1",
        "romance_sextortion",
        "My love, I am stuck at the airport in Istanbul and customs are holding my gold. Please "
        "send $2,000 by gift card, I will pay you back when we meet, my darling.",
    ),
    (
        "rom_en2",
        "romance_sextortion",
        "I have recorded our video call. Pay Rs {amt} now or I will send the nude video to all "
        "your Facebook friends and family.",
    ),
    (
        "rom_hl2",
        "romance_sextortion",
        "Hi dear, main matrimonial site se hoon, UK me doctor hoon. Aapke liye gift bheja hai, "
        "customs charge Rs {amt} bhar dijiye.",
    ),
    # --- family_emergency
    (
        "fam_hl1",
        "family_emergency",
        "Hello uncle, main police station se bol raha hoon, aapka beta {name} ek case me pakda "
        "gaya hai. Chhudane ke liye abhi Rs {amt} UPI kijiye, kisi ko mat batana.",
    ),
    (
        "fam_hi1",
        "family_emergency",
        "मम्मी मेरा फोन खराब हो गया है, ये मेरा नया नंबर है। बहुत अर्जेंट है, अभी {amt} रुपये इस "
        "यूपीआई पर भेज दो, बाद में बात करता हूं।",
    ),
    (
        "fam_en1",
        "family_emergency",
        "Hi Mum, this is my new number, my phone broke. Can you send me money urgently for a bill? "
        "I'll explain later.",
    ),
    (
        "fam_en2",
        "family_emergency",
        "Grandma it's me, I was in a car accident and I'm in jail. Please don't tell Mom, I need "
        "$3,000 for bail, my lawyer will call you.",
    ),
    (
        "fam_hl2",
        "family_emergency",
        "Papa mera accident ho gaya hai, hospital me hoon, jaldi Rs {amt} is number pe bhej do, "
        "phone ki battery khatam ho rahi hai.",
    ),
    # --- prize_lottery
    (
        "priz_hl1",
        "prize_lottery",
        "Badhai ho! Aapka number KBC lucky draw me select hua hai, aapne Rs 25 lakh jeete hain. "
        "Lottery claim karne ke liye {app} pe Rana Pratap Singh se sampark kare {num}",
    ),
    (
        "priz_hi1",
        "prize_lottery",
        "बधाई हो! कौन बनेगा करोड़पति लॉटरी में आपने 25 लाख रुपये जीते हैं। इनाम पाने के लिए "
        "प्रोसेसिंग फीस {small}00 रुपये जमा करें।",
    ),
    (
        "priz_en1",
        "prize_lottery",
        "Congratulations! Your mobile number has won Rs 25,00,000 in the Jio lucky draw. To claim "
        "your prize send your name and bank details to {num}.",
    ),
    (
        "priz_en2",
        "prize_lottery",
        "You have won an iPhone 15 in our anniversary giveaway! Pay only Rs {small} delivery fee "
        "to claim your gift: {url}",
    ),
    (
        "priz_hl2",
        "prize_lottery",
        "Aapke SBI reward points {amt} expire ho rahe hain, abhi redeem kare aur gift jeete: {url}",
    ),
    # --- loan_debt_relief
    (
        "loan_hl1",
        "loan_debt_relief",
        "Instant loan Rs {amt} bina CIBIL ke, sirf Aadhaar aur PAN se. App download kare aur 10 "
        "minute me paisa account me: {url}",
    ),
    (
        "loan_hi1",
        "loan_debt_relief",
        "प्री-अप्रूव्ड पर्सनल लोन ₹{amt} सिर्फ 10 मिनट में, बिना डॉक्यूमेंट। अभी अप्लाई करें {url}",
    ),
    (
        "loan_en1",
        "loan_debt_relief",
        "Dear customer you are eligible for a pre-approved personal loan of Rs {amt}. Pay "
        "processing fee Rs {small}9 to get instant disbursal.",
    ),
    (
        "loan_hl2",
        "loan_debt_relief",
        "Aapka loan EMI nahi bhara to aapki photos aapke contacts ko bhej denge, loan app se "
        "bol rahe hain, abhi payment karo.",
    ),
    (
        "loan_en2",
        "loan_debt_relief",
        "Credit card debt? You may qualify to reduce your debt by up to 50%. Call our debt relief "
        "specialists today at {num}.",
    ),
    # --- delivery_shopping
    (
        "del_en1",
        "delivery_shopping",
        "India Post: your parcel is on hold due to incomplete address. Update your address and pay "
        "Rs {small} redelivery fee within {hrs} hours: {url}",
    ),
    (
        "del_hl1",
        "delivery_shopping",
        "Aapka parcel address galat hone ki wajah se ruka hua hai, Rs {small} charge pay kare "
        "aur delivery confirm kare {url}",
    ),
    (
        "del_hi1",
        "delivery_shopping",
        "आपका पार्सल डिलीवरी के लिए लंबित है। पता अपडेट करें और ₹{small} शुल्क भरें: {url}",
    ),
    (
        "del_en2",
        "delivery_shopping",
        "Big Diwali sale! iPhone 15 at Rs 9,999 only, 90% off. Order now, cash on delivery not "
        "available, pay by UPI: {url}",
    ),
    (
        "del_en3",
        "delivery_shopping",
        "I ordered a sofa from an Instagram shop and paid Rs {amt} by UPI but it was never "
        "delivered and the seller blocked me.",
    ),
    # --- telemarketing
    (
        "tm_hi1",
        "telemarketing",
        "धमाका ऑफर! सिर्फ आज, सभी कपड़ों पर 50% की छूट। आज ही विज़िट करें। STOP के लिए 1909 पर SMS करें।",
    ),
    (
        "tm_hl1",
        "telemarketing",
        "Sir hum {city} ke naye project se bol rahe hain, 2 BHK flat sirf 45 lakh me, site visit "
        "ke liye call kare {num}",
    ),
    (
        "tm_en1",
        "telemarketing",
        "Get 2GB extra data daily with the Rs 299 recharge pack. Offer valid till Sunday. T&C "
        "apply. To unsubscribe SMS STOP to 1909.",
    ),
    (
        "tm_en2",
        "telemarketing",
        "Hi, this is Jessica with Senior Benefits. You may qualify for a Medicare Advantage plan "
        "with extra benefits at no cost. Press 1 to speak to a licensed agent.",
    ),
    (
        "tm_en3",
        "telemarketing",
        "Exclusive offer on term insurance: Rs 1 crore cover for just Rs 490 per month. Call our "
        "advisor {num}. Reply STOP to opt out.",
    ),
    # --- other_fraud
    (
        "oth_hl1",
        "other_fraud",
        "IPL betting app pe daily jackpot jeeto, Rs {small}00 ka pehla bet free. Abhi join karo "
        "{url}",
    ),
    ("oth_hi1", "other_fraud", "ऑनलाइन सट्टा खेलें और जीतें, 100% बोनस पहले डिपॉज़िट पर। संपर्क करें {num}"),
    (
        "oth_en1",
        "other_fraud",
        "Please donate to help the flood victims in Assam, every rupee counts. Send your donation "
        "by UPI to relief fund {num}.",
    ),
    (
        "oth_en2",
        "other_fraud",
        "Hi, I am busy in a meeting. I need you to buy 5 Amazon gift cards of Rs 5,000 urgently "
        "for a client and send me the codes. - Your CEO",
    ),
    (
        "oth_en3",
        "other_fraud",
        "Flat for rent in {city}, army officer transferred, pay Rs {amt} advance deposit by UPI "
        "and I will courier the keys.",
    ),
    # --- not_fraud
    (
        "nf_en1",
        "not_fraud",
        "Rs {amt} debited from your {bank} A/c XX1234 on 12-03 by UPI ref 4021. Avl Bal Rs 8,420. "
        "If not done by you, call 1800 and report.",
    ),
    (
        "nf_en2",
        "not_fraud",
        "483920 is your OTP for login to {bank} NetBanking. Valid for 5 minutes. Do not share this "
        "OTP with anyone. {bank} never asks for OTP.",
    ),
    (
        "nf_hl1",
        "not_fraud",
        "Bhai kal shaam ko ghar aa raha hoon, mummy ko bol dena khana bana ke rakhe.",
    ),
    ("nf_hi1", "not_fraud", "माँ, मैं शाम को 7 बजे तक घर पहुंच जाऊंगा। दूध लेता आऊं क्या?"),
    (
        "nf_hl2",
        "not_fraud",
        "{name} kya kar rahe ho? Movie chalna hai kya aaj raat? Ticket book kar deta hoon.",
    ),
    (
        "nf_en3",
        "not_fraud",
        "Your {courier} shipment AWB 7891 has been delivered. Thank you for shopping with us.",
    ),
    (
        "nf_en4",
        "not_fraud",
        "Hi {name}, your appointment with Dr. Mehta is confirmed for tomorrow at 11 am. Reply C "
        "to cancel.",
    ),
    ("nf_hi2", "not_fraud", "आपके खाते में ₹{amt} जमा किए गए हैं। उपलब्ध शेष राशि ₹18,240 है। - {bank}"),
    (
        "nf_en6",
        "not_fraud",
        "Your Amazon order #40{small} has shipped and will arrive on Tuesday. Track your "
        "package in Your Orders.",
    ),
    (
        "nf_en7",
        "not_fraud",
        "Delivered: your Flipkart order of Rs {amt} was delivered today. Rate your experience.",
    ),
    (
        "nf_en8",
        "not_fraud",
        "Your Airtel bill of Rs {small}9 is due on 15th. Pay via the Airtel Thanks app. Ignore "
        "if already paid.",
    ),
    ("nf_hl3", "not_fraud", "Didi kal raksha bandhan pe ghar aa rahi ho na? Mummy puch rahi thi."),
    (
        "rom_en3",
        "romance_sextortion",
        "Hi, I saw your profile on the matrimony site. I am an NRI doctor in London looking for "
        "a serious relationship, can we talk on WhatsApp?",
    ),
    (
        "rom_hl3",
        "romance_sextortion",
        "Jaan, maine tumhare liye London se gift bheja hai, customs wale Rs {amt} clearance "
        "charge maang rahe hain, please bhar do.",
    ),
    (
        "oth_hl2",
        "other_fraud",
        "Teen Patti aur Rummy khelo, real cash jeeto, signup pe Rs {small}0 bonus: {url}",
    ),
    (
        "nf_en5",
        "not_fraud",
        "Hey, are we still meeting for lunch on Saturday? Let me know what time works for you.",
    ),
)
