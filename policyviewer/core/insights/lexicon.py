"""Word lists the rule-based extractors share: known processors, names that are
never third parties, laws, and number words.

The gazetteer lists companies and services that privacy policies commonly name
as processors or recipients. Names that are also ordinary English words
("Square", "Segment") need a sharing context before they count (see facts.py).
"""

from __future__ import annotations

KNOWN_THIRD_PARTIES: tuple[str, ...] = (
    # Analytics, product and marketing tools
    "Google Analytics", "Google Tag Manager", "Google Ads", "Google AdSense", "Google AdMob",
    "Google Cloud Platform", "Google Cloud", "Google Maps", "Google Sheets", "Google Drive",
    "Google Workspace", "Google Signals", "Google Optimize", "Google Fonts", "Firebase",
    "Crashlytics", "DoubleClick", "AdMob", "reCAPTCHA", "YouTube", "Google",
    "Mixpanel", "Amplitude", "Heap Analytics", "Hotjar", "FullStory", "Fullstory", "Optimizely",
    "Crazy Egg", "Kissmetrics", "Matomo", "Plausible", "Pendo", "LogRocket", "Smartlook",
    "Microsoft Clarity", "Adobe Analytics", "Adobe", "Chartbeat", "Comscore", "comScore",
    "Nielsen", "Quantcast", "Segment.io", "Snowplow", "AppsFlyer", "Adjust GmbH", "Branch Metrics",
    "Kochava", "Singular", "Sensor Tower", "Moat", "Integral Ad Science", "DoubleVerify",
    # Advertising and social
    "Facebook", "Meta Platforms", "Meta", "Instagram", "WhatsApp", "Twitter", "LinkedIn",
    "TikTok", "Snapchat", "Snap Inc.", "Pinterest", "Reddit", "Criteo", "Taboola", "Outbrain",
    "The Trade Desk", "LiveRamp", "AppLovin", "Unity Ads", "ironSource", "Vungle", "Chartboost",
    "InMobi", "MoPub", "Amazon Advertising", "Microsoft Advertising", "Bing Ads", "Yahoo",
    "Verizon Media", "Xandr", "AppNexus", "PubMatic", "Magnite", "Rubicon Project", "OpenX",
    "Index Exchange", "Sovrn", "Lotame", "Oracle Data Cloud", "Nielsen Marketing Cloud",
    "Salesforce DMP", "Tapad", "Experian", "Acxiom", "Epsilon",
    # Payments
    "Stripe", "PayPal", "Braintree", "Adyen", "Klarna", "Afterpay", "Worldpay", "Chargebee",
    "Recurly", "Paddle", "Plaid", "Apple Pay", "Google Pay", "Checkout.com", "Authorize.Net",
    # Cloud, hosting, infrastructure
    "Amazon Web Services", "AWS", "Microsoft Azure", "Azure", "Cloudflare", "Akamai", "Fastly",
    "DigitalOcean", "Heroku", "Vercel", "Netlify", "Linode", "OVH", "Hetzner", "Rackspace",
    "MongoDB", "Snowflake", "Datadog", "New Relic", "Sentry", "Bugsnag", "Rollbar",
    "Elastic", "Auth0", "Okta", "OneLogin",
    # Communication and support
    "SendGrid", "Mailchimp", "MailChimp", "Mailgun", "Postmark", "Mandrill", "Amazon SES",
    "Twilio", "Vonage", "MessageBird", "Intercom", "Zendesk", "Freshdesk", "Help Scout",
    "HubSpot", "Salesforce", "Marketo", "Pardot", "Braze", "Iterable", "Customer.io",
    "Klaviyo", "OneSignal", "Airship", "Drift", "LiveChat", "Olark", "Calendly",
    "Slack", "Zoom", "Microsoft Teams", "Gong", "DocuSign", "Typeform", "SurveyMonkey",
    "Qualtrics", "Trustpilot", "Gravatar", "Disqus", "Vimeo", "Wistia", "Dropbox",
    "Microsoft Excel", "Microsoft", "Apple", "Amazon", "Atlassian", "Jira", "Trello",
    "Shopify", "Zapier", "GitHub", "GitLab", "Venmo", "Amazon Simple Email Service", "Medium",
    "Spotify", "Discord", "Telegram", "Bing", "DuckDuckGo", "Yandex", "Baidu", "Tencent",
    "WeChat", "Persona", "Onfido", "Jumio", "Sift", "Arkose Labs", "hCaptcha",
    "OneTrust", "TrustArc", "Cookiebot", "Usercentrics", "Didomi",
)

# Gazetteer names that are also everyday words: count them only in a sharing context.
AMBIGUOUS_NAMES = frozenset({"Singular", "Elastic", "Persona", "Sift", "Drift", "Moat", "Meta",
                             "Apple", "Amazon", "Slack", "Zoom", "Gong", "Airship", "Paddle",
                             "Medium", "Discord", "Telegram"})
# Gazetteer names whose usual spelling starts with a lower-case letter.
LOWER_CASE_BRANDS = frozenset({"ironSource", "reCAPTCHA", "comScore", "hCaptcha"})

# Capitalised words that are never a third party's name by themselves.
_NOT_A_PARTY_WORDS = """
    Privacy Policy Notice Statement Terms Service Services Site Sites Website Websites App Apps
    Application Platform Product Products Content Account Accounts User Users Customer Customers
    Member Members Personal Information Data Cookie Cookies We You Our Us They It This That These
    Those The A An And Or Of For In On With To By At From As If When Where Your Such Other Any
    All Some Each Including Include Includes E.g Example Examples Section Sections Policy's Inc Ltd
    LLC GmbH Company Companies Partner Partners Provider Providers Vendor Vendors Processor
    Processors Controller Controllers Affiliates Affiliate Subsidiaries Group Team Support Help
    Center Centre Settings Preferences Dashboard Email E-mail Phone SMS Internet Web Online Mobile
    Android iOS Windows Mac Linux Browser Browsers Chrome Safari Firefox Edge Opera IP Address
    Addresses ID IDs API APIs SDK SDKs URL URLs HTTP HTTPS DNS TLS SSL Social Media Network
    Networks Advertising Advertisers
    Analytics Marketing Security Payment Payments Legal Law Laws Government Authority Authorities
    Court Courts Police European Europe Union EU EEA UK US USA United States Kingdom America
    American Canada Canadian California Californian Brazil Brazilian Switzerland Swiss Japan
    China India Australia Ireland Irish Germany German France French Israel Singapore Nevada
    Virginia Colorado Connecticut Utah Texas Oregon Montana Delaware Iowa Florida New York
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    GDPR UK-GDPR CCPA CPRA COPPA LGPD PIPEDA HIPAA FERPA CalOPPA VCDPA CPA CDPA DPA DSA DMA
    Shield Framework Standard Contractual Clauses SCCs Commission Officer DPO Representative
    Do Not Track Sell Share Opt Out Opt-Out Learn More Read Click Here Note Please Contact
    Information Request Requests Rights Right Yes No None Other Third Party Parties Third-Party
    Business Businesses Transfer Transfers Merger Acquisition Purpose Purposes Consent
    Children Child Kids Parent Parents Teen Teens Minor Minors Age Ages School Schools
    Effective Date Last Updated Modified Revised Version Copyright Trademark Reserved
    Free Premium Pro Plus Enterprise Basic Business Team Teams Education Studio Cloud
    Identity Verification Fraud Prevention Hosting Storage Infrastructure Database Backup
    Communications Communication Messaging Chat Video Audio Voice Camera Microphone Location
    Bluetooth WiFi Wi-Fi GPS Device Devices Hardware Software Technology Technologies
    Overview Introduction Summary Everyone Anyone Reason Reasons End Functional Necessary
    Strictly Contacts Complaints Complaint Telephone Bases Basis Log Logs File Files Requirements
    Except Unless Although Though Whether While Whilst Besides Beyond Despite However Therefore
    Otherwise Also Only Even Before After During Until Upon Within Without Through Between Among
"""
NOT_A_PARTY = frozenset(w.lower() for w in _NOT_A_PARTY_WORDS.split())

LAWS: tuple[str, ...] = (
    "GDPR", "UK GDPR", "CCPA", "CPRA", "COPPA", "LGPD", "PIPEDA", "HIPAA", "FERPA", "CalOPPA",
    "VCDPA", "CPA", "CTDPA", "UCPA", "PIPL", "APPI", "POPIA", "PDPA", "CAN-SPAM", "ePrivacy",
    "Digital Services Act", "Privacy Shield",
)

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-one": 21, "twenty-four": 24, "twenty-five": 25, "thirty": 30, "forty": 40,
    "forty-five": 45, "forty-eight": 48, "fifty": 50, "sixty": 60, "seventy-two": 72,
    "ninety": 90, "a hundred": 100, "one hundred": 100, "a": 1, "an": 1,
}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
