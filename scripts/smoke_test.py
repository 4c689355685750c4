"""Signs in as each demo role in headless Chromium and checks what a person would see."""
import json
import os
import subprocess
import sys

import importlib.util
import re
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1]
# The real SMTP server's folder (scripts/mail_sink.py writes each message it receives as JSON there).
MAIL_DIR = os.environ.get("MAIL_DIR", "")
ROLES = ["admin", "coordinator", "officer", "analyst", "safeguarding", "viewer"]
PASSWORD = "demo-password-2026"
os.makedirs("screenshots", exist_ok=True)


def browser(width=1280):
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},1000"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if width < 500:
        # Headless Chromium keeps windows at least 500px wide; emulate the phone's viewport instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    return driver


# axe-core 4.12 (from the axe-playwright-python wheel, which carries it; installed by scripts/require-tools), run with
# the WCAG 2.0, 2.1 and 2.2 level A and AA rules. Every kind of page checked is counted: the accessibility statement
# may not claim more (AccessibilityChecks.pagesChecked).
AXE_SOURCE = open(os.path.join(importlib.util.find_spec("axe_playwright_python").submodule_search_locations[0],
                               "axe.min.js"), encoding="utf-8").read()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHECKED = set()


def accessibility_problems(driver, label):
    driver.execute_script(AXE_SOURCE)
    driver.set_script_timeout(60)
    CHECKED.add(label)
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.help, v.nodes.length,"
        " v.nodes.slice(0, 3).map(n => n.target.join(' '))])))"
        ".catch(e => done([['axe-error', 'critical', String(e), 0, []]]));", AXE_TAGS)
    return [f"{label}: {id} ({impact}, {n} places, e.g. {targets}): {help}"
            for id, impact, help, n, targets in violations if impact in ("serious", "critical")]


def submit(driver, button):
    """Clicks a form's button and waits for the next page: a click does not wait for navigation,
    and reading the old page races the new one on a slow machine."""
    driver.execute_script("window.smokeOldPage = true")  # a new page will not have this mark
    button.click()
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.smokeOldPage"))


# Two-step sign-in keys (base 32) of the accounts that turned it on during this run, and the last time step used.
TWO_STEP = {}


def totp(key, step):
    """RFC 6238 (SHA-1, 6 digits, 30 s) for one time step, written out here so the test does not share the app's code."""
    import base64, hashlib, hmac, struct
    secret = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def next_code(role):
    import time
    step = max(int(time.time() // 30), TWO_STEP[role][1] + 1)
    TWO_STEP[role] = (TWO_STEP[role][0], step)
    return totp(TWO_STEP[role][0], step)


def sign_in(driver, role):
    driver.get(f"{BASE}/app/sign-in")
    driver.find_element(By.ID, "email").send_keys(f"{role}@demo.test")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # Bcrypt takes a moment; wait for the next page rather than racing it.
    WebDriverWait(driver, 20).until(
        lambda d: "/app/sign-in" not in d.current_url or "/app/sign-in/code" in d.current_url
        or "There is a problem" in d.page_source)
    if "/app/sign-in/code" in driver.current_url:
        # Two-step sign-in: the code from the authenticator (computed here from the key shown at enrolment).
        driver.find_element(By.ID, "code").send_keys(next_code(role))
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    elif "/app/account/two-step" in driver.current_url:
        # Administrators and safeguarding leads turn it on first, as a person would: scan (read the key), type a code.
        submit(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Turn on']"))
        key = driver.find_element(By.CSS_SELECTOR, "main code").text
        TWO_STEP[role] = (key, -1)
        driver.find_element(By.ID, "code").send_keys(next_code(role))
        submit(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Turn on two-step sign-in']"))
        if "recovery codes" not in driver.page_source.lower():
            failures.append(f"{role}: turning on two-step sign-in did not show recovery codes")
        driver.get(f"{BASE}/app")


def mail_to(address, subject_start, seconds=20):
    """The newest email to `address` whose subject starts with `subject_start`, as the SMTP server received it."""
    import glob
    import time
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = []
        for name in sorted(glob.glob(os.path.join(MAIL_DIR, "*.json"))):
            with open(name) as f:
                mail = json.load(f)
            if address in mail["rcpt_tos"] and mail["subject"].startswith(subject_start):
                found.append(mail)
        if found:
            return found[-1]
        time.sleep(0.5)
    return None


def link_in(mail, path):
    import re
    match = re.search(r"https?://[^\s]+" + re.escape(path) + r"[A-Za-z0-9_-]+", mail["text"] or "")
    return match.group(0) if match else None


failures = []
for role in ROLES:
    driver = browser()
    try:
        driver.get(f"{BASE}/app/sign-in")
        if role == "admin":
            failures += accessibility_problems(driver, "sign-in page")
        sign_in(driver, role)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if "/app/sign-in" in driver.current_url or "There is a problem" in driver.page_source:
            failures.append(f"{role}: sign-in failed (at {driver.current_url})")
        expected = "Your partnerships" if role == "admin" else "Demo County Safer Communities Partnership"
        if heading != expected:
            failures.append(f"{role}: expected the heading {expected!r}, saw {heading!r}")
        failures += accessibility_problems(driver, f"{role} home")
        driver.save_screenshot(f"screenshots/{role}.png")
        if role == "coordinator":
            driver.get(f"{BASE}/app/p/demo/events")
            register = driver.find_elements(By.PARTIAL_LINK_TEXT, "Register")[0].get_attribute("href")
            driver.get(register)
            failures += accessibility_problems(driver, "coordinator register")
            driver.save_screenshot("screenshots/coordinator-register.png")
            for page in ["events", "events/new", "engagement", "settings", "users", "audit", "crime", "crime/reporting-gap", "crime/focus", "crime/imports",
                         "crime/rules", "crime/mappings", "surveys", "outcomes", "report"]:
                driver.get(f"{BASE}/app/p/demo/{page}")
                failures += accessibility_problems(driver, f"coordinator {page}")
                driver.save_screenshot(f"screenshots/coordinator-{page.replace('/', '-')}.png")
            # Issue the Jul–Sep 2026 report (the example extract below holds July 2026 records), with commentary.
            driver.get(f"{BASE}/app/p/demo/report?quarter=20263")
            failures += accessibility_problems(driver, "coordinator board report with commentary forms")
            driver.find_element(By.ID, "comment-crime").send_keys("Fraud by phone rose over the summer.")
            submit(driver, driver.find_element(By.XPATH, "//textarea[@id='comment-crime']/ancestor::form//button"))
            WebDriverWait(driver, 20).until(lambda d: "done=commentary" in d.current_url)
            submit(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Issue this report']"))
            WebDriverWait(driver, 20).until(lambda d: "done=issued" in d.current_url)
            issued_text = driver.find_element(By.CSS_SELECTOR, ".report-body").text
            if "Fraud by phone rose over the summer." not in issued_text:
                failures.append("coordinator: the issued report does not carry the commentary")
            # A real upload through the page (the script shows a progress bar, then lands on the result).
            driver.get(f"{BASE}/app/p/demo/crime/imports")
            driver.find_element(By.ID, "file").send_keys(os.path.abspath("docs/examples/force-extract-example.csv"))
            driver.find_element(By.CSS_SELECTOR, "#crime-upload button[type=submit]").click()
            WebDriverWait(driver, 30).until(lambda d: "/crime/imports/" in d.current_url)
            if "Imported" not in driver.find_element(By.TAG_NAME, "main").text:
                failures.append("coordinator: uploading the example force extract did not say Imported")
            failures += accessibility_problems(driver, "coordinator import result")
            driver.save_screenshot("screenshots/coordinator-import-result.png")
            # The import landed in Jul–Sep 2026: the issued report is unchanged; the quarter's published figures
            # stay as published (staff are told) until the coordinator publishes the revision; then today's report
            # moves and the page lists what changed since it was issued.
            driver.get(f"{BASE}/app/p/demo/report?quarter=20263")
            if driver.find_element(By.CSS_SELECTOR, ".report-body").text != issued_text:
                failures.append("coordinator: the issued report changed after a later import")
            if "Later imports or rule changes revised" not in driver.page_source:
                failures.append("coordinator: the report does not say the quarter was revised since it was published")
            driver.get(f"{BASE}/app/p/demo/crime")
            if "Figures revised since they were published" not in driver.page_source:
                failures.append("coordinator: the crime picture does not list the revised quarter")
            failures += accessibility_problems(driver, "coordinator crime picture with a revision")
            submit(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Publish the revised figures']"))
            WebDriverWait(driver, 20).until(lambda d: "Figures revised since they were published" not in d.page_source)
            driver.get(f"{BASE}/app/p/demo/report?quarter=20263")
            if "Changed since it was issued" not in driver.page_source:
                failures.append("coordinator: the issued report does not list what changed since")
            failures += accessibility_problems(driver, "coordinator issued board report")
            driver.save_screenshot("screenshots/coordinator-issued-report.png")
            driver.get(f"{BASE}/app/p/demo/report?quarter=20263&live=1")
            if driver.find_element(By.CSS_SELECTOR, ".report-body").text == issued_text:
                failures.append("coordinator: today's figures did not move after the import")
            # The server's PDF: A4, with the report's headings and page numbers.
            import urllib.request
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
            request = urllib.request.Request(
                f"{BASE}/app/p/demo/report/report.pdf?quarter=20263", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=120) as response, open("screenshots/issued-report.pdf", "wb") as f:
                f.write(response.read())
            text = " ".join(subprocess.run(["pdftotext", "screenshots/issued-report.pdf", "-"], capture_output=True, text=True).stdout.split())
            for wanted in ["Board report, Q2 2026–27 (Jul–Sep 2026)", "At a glance", "The crime picture", "What we delivered", "Commentary", "Page 1 of"]:
                if wanted not in text:
                    failures.append(f"coordinator: the server's PDF lacks {wanted!r}")
            print("ok  board report  -> commentary, issued, unchanged by a later import, PDF with headings and page numbers")
        if role == "viewer":
            driver.get(f"{BASE}/app/p/demo/crime")
            if "Counts under 5 are shown" not in driver.page_source:
                failures.append("viewer: the crime picture does not say small counts are suppressed")
            failures += accessibility_problems(driver, "viewer crime picture")
            driver.save_screenshot("screenshots/viewer-crime.png")
        print(f"ok  {role:13} -> {heading}")
    finally:
        driver.quit()

# A resident finds the one-place clinic and books it; a second joins the waiting list; the first cancels;
# the second's booking page then shows the place.
import time
first, second = browser(), browser()
try:
    first.get(f"{BASE}/p/demo/events")
    failures += accessibility_problems(first, "public events")
    first.find_element(By.LINK_TEXT, "One-to-one password clinic").click()
    failures += accessibility_problems(first, "public event page")
    clinic = first.current_url
    time.sleep(2.2)  # people take longer than this to fill a form; the server refuses faster forms

    def book(driver, name, access=""):
        driver.get(clinic)
        time.sleep(2.2)
        driver.find_element(By.ID, "name").send_keys(name)
        if access:
            driver.find_element(By.ID, "q-access-needs").send_keys(access)
        driver.find_element(By.ID, "email").send_keys(name.lower().replace(" ", ".") + "@example.org")
        driver.find_element(By.ID, "consent").click()
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        WebDriverWait(driver, 20).until(lambda d: "/bookings/" in d.current_url)
        return driver.find_element(By.TAG_NAME, "h1").text

    if book(first, "Ann Example") != "Booking confirmed":
        failures.append("public: the first booking for the clinic was not confirmed")
    failures += accessibility_problems(first, "booking confirmation")
    first.save_screenshot("screenshots/public-booking.png")
    if book(second, "Bob Example", access="Step-free access and a hearing loop") != "You are on the waiting list":
        failures.append("public: the second booking did not join the waiting list")
    # Ann reads her confirmation email (with the calendar entry) and cancels from the link in it.
    confirmation = mail_to("ann.example@example.org", "Booking confirmed")
    if confirmation is None:
        failures.append("email: Ann's booking confirmation did not arrive at the SMTP server")
        first.find_element(By.XPATH, "//button[contains(., 'Cancel my booking')]").click()
    else:
        if [a["filename"] for a in confirmation["attachments"]] != ["event.ics"]:
            failures.append("email: the booking confirmation has no calendar entry")
        booking_link = link_in(confirmation, "/p/demo/bookings/")
        mail_reader = browser()
        try:
            mail_reader.get(booking_link)
            mail_reader.find_element(By.XPATH, "//button[contains(., 'Cancel my booking')]").click()
            WebDriverWait(mail_reader, 20).until(lambda d: "This booking has been cancelled" in d.page_source)
        finally:
            mail_reader.quit()
    second.refresh()
    if "a place became free and it is yours" not in second.page_source:
        failures.append("public: the person waiting was not promoted when the place came free")
    if mail_to("bob.example@example.org", "A place is yours") is None:
        failures.append("email: Bob was not emailed when the place became his")
    second.save_screenshot("screenshots/public-promoted.png")
    # Bob's access need, typed at booking, is on the register (beside his name) and in the people-booked CSV.
    organiser = browser()
    try:
        sign_in(organiser, "coordinator")
        event_id = clinic.rstrip("/").split("/")[-1]
        organiser.get(f"{BASE}/app/p/demo/events/{event_id}/register")
        if "Access needs: Step-free access and a hearing loop" not in organiser.page_source:
            failures.append("register: Bob's access need is not beside his name")
        import urllib.request
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in organiser.get_cookies())
        request = urllib.request.Request(f"{BASE}/app/p/demo/events/{event_id}/attendees.csv", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            listing = response.read().decode("utf-8-sig")
        if "Step-free access and a hearing loop" not in listing or "Bob Example" not in listing:
            failures.append("people booked: the CSV lacks Bob's access need")
    finally:
        organiser.quit()
    print("ok  public        -> booked, emailed, cancelled from the email, promoted and emailed; access need on the register and in the CSV")
finally:
    first.quit()
    second.quit()

# Build a survey, answer it before and after on a 375px-wide phone, see the result and the board report,
# and print the report to PDF as a councillor would.
import base64
import re
staff, phone = browser(), browser(width=375)
try:
    sign_in(staff, "officer")
    staff.get(f"{BASE}/app/p/demo/surveys")
    staff.find_element(By.CSS_SELECTOR, "#template option[value='young-people-online']").click()
    staff.find_element(By.XPATH, "//button[contains(., 'Create survey')]").click()
    WebDriverWait(staff, 20).until(lambda d: "saved=created" in d.current_url)
    survey_url = staff.current_url.split("?")[0]
    staff.find_element(By.CSS_SELECTOR, "#status option[value='open']").click()
    staff.find_element(By.XPATH, "//button[contains(., 'Save settings')]").click()
    WebDriverWait(staff, 20).until(lambda d: "saved=settings" in d.current_url)
    failures += accessibility_problems(staff, "officer survey page")
    staff.save_screenshot("screenshots/officer-survey.png")
    staff.get(survey_url + "/cards?count=4")
    code = staff.find_element(By.CSS_SELECTOR, ".code").text
    staff.save_screenshot("screenshots/officer-code-cards.png")
    survey_id = survey_url.rstrip("/").split("/")[-1]

    def answer(stage, choice):
        phone.get(f"{BASE}/p/demo/surveys/{survey_id}/{stage}")
        failures.extend(accessibility_problems(phone, f"phone survey start ({stage})"))
        phone.find_element(By.ID, "code").send_keys(code.lower())
        submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Start')]"))
        for _ in range(10):
            if "Check your answers" in phone.page_source:
                break
            if phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
                failures.append(f"phone: the {stage} survey page scrolls sideways at 375px")
            names = sorted({e.get_attribute("name") for e in phone.find_elements(By.CSS_SELECTOR, "input[type=radio]")})
            for name in names:
                radios = phone.find_elements(By.CSS_SELECTOR, f"input[type=radio][name='{name}']")
                radios[min(choice, len(radios) - 1)].click()
            if stage == "before" and names:
                failures.extend(accessibility_problems(phone, "phone survey question page"))
                phone.save_screenshot("screenshots/phone-survey-question.png")
            buttons = phone.find_elements(By.XPATH, "//button[contains(., 'Continue')]")
            if not buttons:
                # Say what the page showed instead, so a failure explains itself.
                summary = " / ".join(e.text for e in phone.find_elements(By.CSS_SELECTOR, "h1, .govuk-error-summary, .error-summary"))
                raise AssertionError(f"phone: no Continue button on the {stage} survey at {phone.current_url}: {summary}")
            submit(phone, buttons[0])
        failures.extend(accessibility_problems(phone, "phone check your answers"))
        phone.save_screenshot(f"screenshots/phone-survey-check-{stage}.png")
        phone.find_element(By.XPATH, "//button[contains(., 'Send my answers')]").click()
        WebDriverWait(phone, 20).until(lambda d: "/thanks" in d.current_url)
        if "Thank you" not in phone.page_source:
            failures.append(f"phone: the {stage} survey did not end with thanks")

    answer("before", 1)   # "No" and "Disagree"
    answer("after", 0)    # "Yes" and "Strongly disagree"
    phone.save_screenshot("screenshots/phone-survey-thanks.png")
    staff.get(survey_url + "/results")
    if "only 1 people answered both times" not in staff.page_source and "of 1 people" not in staff.page_source:
        failures.append("officer: the results page does not show the one pair answered on the phone")
    failures += accessibility_problems(staff, "officer survey results")
    staff.save_screenshot("screenshots/officer-survey-results.png")
    staff.get(f"{BASE}/app/p/demo/report")
    quarter = re.search(r'option value="(\d{5})"', staff.page_source).group(1)
    staff.get(f"{BASE}/app/p/demo/report?quarter={quarter}")
    if "Being online" not in staff.page_source:
        failures.append("officer: the board report for this quarter does not list the survey answered on the phone")
    demo_quarter = re.findall(r'option value="(\d{5})"', staff.page_source)[1]
    staff.get(f"{BASE}/app/p/demo/report?quarter={demo_quarter}")
    failures += accessibility_problems(staff, "board report")
    pdf = staff.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    with open("screenshots/board-report.pdf", "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    print("ok  surveys       -> built, answered before and after at 375px, analysed, in the report; report printed to screenshots/board-report.pdf")
finally:
    staff.quit()
    phone.quit()

# Games: an officer runs a full escape room for two teams on phones, then a full defence game for two
# teams (one of them on two phones, so purchases need both to agree). The facilitator's page must follow
# the game live, without reloading.
import json
from selenium.webdriver.support.ui import Select


def scenario_file(name):
    with open(f"Sources/SaferCyberCore/Games/Scenarios/{name}.json") as f:
        return json.load(f)


def staff_game(staff, scenario):
    staff.get(f"{BASE}/app/p/demo/games")
    staff.find_element(By.CSS_SELECTOR, f"input[name=scenario][value='{scenario}']").click()
    submit(staff, staff.find_element(By.XPATH, "//button[contains(., 'Set up the game')]"))
    return staff.current_url.split("?")[0], staff.find_element(By.CSS_SELECTOR, "p.code").text


def control(staff, url, label):
    staff.get(url)
    submit(staff, staff.find_element(By.XPATH, f"//button[contains(., '{label}')]"))


def join(phone, code, team):
    phone.get(f"{BASE}/play")
    phone.find_element(By.ID, "code").send_keys(code.lower())
    submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Continue')]"))
    phone.find_element(By.ID, "team").send_keys(team)
    submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Join the game')]"))


def join_team(phone, code, team_code):
    """A second phone joins a team with the code the first phone shows (issue 20, case 7)."""
    phone.get(f"{BASE}/play")
    phone.find_element(By.ID, "code").send_keys(code.lower())
    submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Continue')]"))
    phone.find_element(By.ID, "teamCode").send_keys(team_code.lower())
    submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Join my team')]"))


def answer(phone, puzzle, right=True):
    kind = puzzle["kind"]
    if kind in ("text", "code-lock"):
        phone.find_element(By.ID, "answer").send_keys(puzzle["answers"][0] if kind == "text" else puzzle["code"] if right else "0000")
        if not right:
            phone.find_element(By.ID, "answer").clear()
            phone.find_element(By.ID, "answer").send_keys("no idea")
    elif kind == "choice":
        index = puzzle["correct"] if right else (puzzle["correct"] + 1) % len(puzzle["options"])
        phone.find_element(By.ID, "answer" if index == 0 else f"answer-{index}").click()
    elif kind == "red-flags":
        parts = puzzle["message"]["parts"]
        chosen = [i for i, part in enumerate(parts) if part.get("flag")] if right else [i for i, part in enumerate(parts) if not part.get("flag")][:1]
        for i in chosen:
            phone.find_element(By.ID, "answer" if i == 0 else f"answer-{i}").click()
    elif kind == "ordering":
        for i in range(len(puzzle["items"])):
            Select(phone.find_element(By.NAME, f"place-{i}")).select_by_value(str(i + 1 if right else len(puzzle["items"]) - i))
    submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Check our answer')]"))


def wait_for_text(driver, text, seconds=10):
    try:
        WebDriverWait(driver, seconds).until(lambda d: text in d.page_source)
        return True
    except Exception:
        return False


staff, owls, badgers = browser(), browser(width=375), browser(width=375)
try:
    sign_in(staff, "officer")
    failures += accessibility_problems(staff, "games list")
    url, code = staff_game(staff, "scam-week")
    join(owls, code, "Owls")
    failures += accessibility_problems(owls, "player lobby")
    join(badgers, code, "Badgers")
    control(staff, url, "Start the game")
    failures += accessibility_problems(staff, "facilitator page")
    staff.save_screenshot("screenshots/games-facilitator.png")
    escape = scenario_file("escape-scam-week")
    puzzles = [p for room in escape["rooms"] for p in room["puzzles"]]
    owls.get(f"{BASE}/play/{code}")
    # The badgers get the first one wrong, read why, take a hint, then get it right.
    badgers.get(f"{BASE}/play/{code}")
    answer(badgers, puzzles[0], right=False)
    if "Not quite" not in badgers.page_source:
        failures.append("games: a wrong answer was not explained")
    submit(badgers, badgers.find_element(By.XPATH, "//button[contains(., 'Get a hint')]"))
    answer(badgers, puzzles[0])
    # The facilitator's table shows the badgers' wrong answer without a reload.
    if not wait_for_text(staff, "Spot the red flags: right"):
        failures.append("games: the facilitator's page did not update live")
    seen_kinds = set()
    for puzzle in puzzles:
        if puzzle["kind"] not in seen_kinds:
            seen_kinds.add(puzzle["kind"])
            failures.extend(accessibility_problems(owls, f"escape puzzle ({puzzle['kind']})"))
            owls.save_screenshot(f"screenshots/games-escape-{puzzle['kind']}.png")
            if owls.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
                failures.append(f"games: the {puzzle['kind']} puzzle scrolls sideways at 375px")
        answer(owls, puzzle)
        if "Right!" not in owls.page_source:
            failures.append(f"games: the right answer to {puzzle['id']} was not accepted")
    if "Game over" not in owls.page_source:
        failures.append("games: the owls did not reach the end of the escape room")
    failures.extend(accessibility_problems(owls, "escape finished"))
    owls.save_screenshot("screenshots/games-escape-finished.png")
    owls.get(f"{BASE}/play/{code}/certificate")
    if "Owls" not in owls.find_element(By.TAG_NAME, "h1").text:
        failures.append("games: the certificate does not name the team")
    failures.extend(accessibility_problems(owls, "certificate"))
    staff.get(url + "/projector")
    failures.extend(accessibility_problems(staff, "projector"))
    staff.save_screenshot("screenshots/games-projector.png")
    control(staff, url, "End the game")
    if not wait_for_text(badgers, "Game over"):
        failures.append("games: the badgers' page did not follow the end of the game live")
    staff.get(url + "/debrief")
    failures.extend(accessibility_problems(staff, "escape debrief"))

    # The defence game: the Bakers on two phones must agree; the Millers on one.
    second_baker = browser(width=375)
    try:
        url, code = staff_game(staff, "small-business")
        join(owls, code, "Bakers")
        bakers_code = owls.find_element(By.CSS_SELECTOR, ".team-code strong").text
        join_team(second_baker, code, bakers_code)
        join(badgers, code, "Millers")
        control(staff, url, "Start the game")
        defence = scenario_file("defence-small-business")
        for round in range(1, 5):
            if round > 1:
                control(staff, url, f"Open round {round}")
            for phone, picks in ((owls, 2), (badgers, 1)):
                phone.get(f"{BASE}/play/{code}")
                boxes = phone.find_elements(By.CSS_SELECTOR, "input[name=defences]")
                for box in boxes[:picks]:
                    box.click()
                if round == 1 and phone is owls:
                    failures.extend(accessibility_problems(phone, "defence shop"))
                    phone.save_screenshot("screenshots/games-defence-shop.png")
                submit(phone, phone.find_element(By.XPATH, "//button[contains(., 'Agree and buy these')]"))
            if "1 of 2 in your team agree" not in owls.page_source:
                failures.append(f"games: round {round}: the bakers' purchase did not wait for the second phone")
            second_baker.get(f"{BASE}/play/{code}")
            submit(second_baker, second_baker.find_element(By.XPATH, "//button[contains(., 'Agree and buy these')]"))
            if "made its choice" not in second_baker.page_source:
                failures.append(f"games: round {round}: the bakers' purchase was not made when both agreed")
            control(staff, url, f"Reveal round {round} results")
        for phone, team in ((owls, "Bakers"), (badgers, "Millers")):
            if not wait_for_text(phone, "Game over"):
                failures.append(f"games: the {team} did not reach the end of the defence game")
        failures.extend(accessibility_problems(owls, "defence finished"))
        owls.save_screenshot("screenshots/games-defence-finished.png")
        staff.get(url + "/debrief")
        if "The best possible plan" not in staff.page_source or "Stopped by" not in staff.page_source:
            failures.append("games: the defence debrief lacks the per-chain results or the best plan")
        failures.extend(accessibility_problems(staff, "defence debrief"))
        staff.save_screenshot("screenshots/games-defence-debrief.png")
    finally:
        second_baker.quit()
    print("ok  games         -> escape room played by two teams on phones; defence game with consensus, 4 rounds, debrief")
finally:
    staff.quit()
    owls.quit()
    badgers.quit()

# The partnership plan: every plan and scrutiny page passes axe; a coordinator adds an action through the form and
# posts an update; the committee's progress-of-recommendations report is printed to PDF and read back.
import subprocess
plan = browser()
try:
    sign_in(plan, "coordinator")
    for page in ["plan", "plan?by=partner", "plan/crossover", "plan/timeline", "plan/meetings", "plan/actions/new", "scrutiny"]:
        plan.get(f"{BASE}/app/p/demo/{page}")
        failures += accessibility_problems(plan, f"coordinator {page}")
        plan.save_screenshot(f"screenshots/plan-{page.replace('/', '-').replace('?', '-').replace('=', '-')}.png")
    plan.get(f"{BASE}/app/p/demo/plan/actions/new")
    plan.find_element(By.ID, "title").send_keys("Smoke test: scam talks at the market")
    Select(plan.find_element(By.ID, "objective")).select_by_index(2)
    Select(plan.find_element(By.ID, "leadPartner")).select_by_index(1)
    plan.find_element(By.ID, "themes").click()
    plan.find_element(By.ID, "audiences-1").click()
    plan.find_element(By.ID, "due").send_keys("31/3/2027")
    submit(plan, plan.find_element(By.XPATH, "//button[normalize-space()='Add action']"))
    if "Smoke test: scam talks at the market" not in plan.find_element(By.TAG_NAME, "h1").text:
        failures.append(f"coordinator: adding an action did not land on its page ({plan.current_url})")
    plan.save_screenshot("screenshots/plan-action-added.png")
    plan.find_element(By.ID, "note").send_keys("Stall booked for the spring market.")
    submit(plan, plan.find_element(By.XPATH, "//button[normalize-space()='Post update']"))
    if "Stall booked for the spring market." not in plan.page_source:
        failures.append("coordinator: the progress update is not on the action's page")
    failures += accessibility_problems(plan, "coordinator action page")
    plan.get(f"{BASE}/app/p/demo/scrutiny")
    plan.find_element(By.PARTIAL_LINK_TEXT, "Young people and cybercrime").click()
    failures += accessibility_problems(plan, "coordinator scrutiny review")
    plan.save_screenshot("screenshots/plan-scrutiny-review.png")
    plan.find_element(By.PARTIAL_LINK_TEXT, "Progress of recommendations report").click()
    failures += accessibility_problems(plan, "scrutiny progress report")
    pdf = plan.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    with open("screenshots/recommendations-progress.pdf", "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    text = " ".join(subprocess.run(["pdftotext", "screenshots/recommendations-progress.pdf", "-"], capture_output=True, text=True).stdout.split())
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", "screenshots/recommendations-progress.pdf"], capture_output=True, text=True).stdout).group(1))
    for wanted in ["Progress of recommendations: Young people and cybercrime", "Overdue", "moved 2 times", "Awaiting response"]:
        if wanted not in text:
            failures.append(f"printed progress report: {wanted!r} missing")
    for unwanted in ["Sign out", "Board report", "Show", "Back to the review"]:
        if unwanted in text:
            failures.append(f"printed progress report: the screen-only {unwanted!r} is printed")
    if pages > 3:
        failures.append(f"printed progress report runs to {pages} pages")
    print(f"ok  plan          -> plan pages pass axe; action added and updated; progress report printed ({pages} pages) to screenshots/recommendations-progress.pdf")
finally:
    plan.quit()

# "Where do I report this?" on a 375px phone: three journeys to their routes, with axe on every kind of page.
resident = browser(width=375)
try:
    def journey(choices, expected, label):
        resident.get(f"{BASE}/p/demo/report")
        for element_id in choices:
            resident.find_element(By.ID, element_id).click()
            submit(resident, resident.find_element(By.XPATH, "//button[normalize-space()='Continue']"))
        if "/report/result" not in resident.current_url:
            failures.append(f"report router ({label}): did not reach a result ({resident.current_url})")
        for text in expected:
            if text not in resident.page_source:
                failures.append(f"report router ({label}): {text!r} not shown")
        failures.extend(accessibility_problems(resident, f"report router result ({label})"))
        resident.save_screenshot(f"screenshots/report-router-{label}.png")
    resident.get(f"{BASE}/p/demo")
    failures += accessibility_problems(resident, "public home")
    resident.get(f"{BASE}/p/demo/report")
    failures += accessibility_problems(resident, "report router first question")
    submit(resident, resident.find_element(By.XPATH, "//button[normalize-space()='Continue']"))
    if "There is a problem" not in resident.page_source:
        failures.append("report router: continuing without an answer shows no error")
    failures += accessibility_problems(resident, "report router error")
    journey(["danger-1", "happened", "child-1", "money", "nation"], ["Call your bank straight away", "0300 123 2040", "Local help"], "fraud")
    journey(["danger-1", "happened-3", "child"], ["Report it to CEOP", "Childline: 0800 1111"], "child-images")
    journey(["danger"], ["Call 999 now"], "danger")
    overflow = resident.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
    if overflow:
        failures.append("report router result scrolls sideways at 375px")
    print("ok  report router -> three journeys at 375px (fraud with money lost, a child's images, danger) reach their routes; axe clean")
finally:
    resident.quit()

# A short course on a 375px phone: every check question, the quiz (first sent empty), the certificate; then the
# resource library. Staff: an officer's disguised program is refused in the upload form; the counts reach the dashboard.
learner = browser(width=375)
try:
    course = json.load(open("Sources/SaferCyberCore/PublicHub/Courses/2-spotting-scams.json"))

    def sideways(label):
        if learner.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
            failures.append(f"course: {label} scrolls sideways at 375px")

    learner.get(f"{BASE}/p/demo")
    submit(learner, learner.find_element(By.LINK_TEXT, course["title"]))
    failures += accessibility_problems(learner, "course start")
    submit(learner, learner.find_element(By.LINK_TEXT, "Start the course"))
    for number, page in enumerate(course["pages"]):
        correct = page["check"]["correct"]
        learner.find_element(By.ID, "answer" if correct == 0 else f"answer-{correct}").click()
        submit(learner, learner.find_element(By.XPATH, "//button[normalize-space()='Check my answer']"))
        if "Correct" not in learner.page_source or page["check"]["explanation"][:40] not in learner.page_source:
            failures.append(f"course: page {number + 1} gives no explanation after the right answer")
        if number == 0:
            failures += accessibility_problems(learner, "course page with feedback")
            learner.save_screenshot("screenshots/course-page-375px.png")
        sideways(f"page {number + 1}")
        last = number == len(course["pages"]) - 1
        submit(learner, learner.find_element(By.LINK_TEXT, "Go to the quiz" if last else "Next page"))
    submit(learner, learner.find_element(By.XPATH, "//button[normalize-space()='Send my answers']"))
    if "There is a problem" not in learner.page_source:
        failures.append("course: sending the quiz empty shows no error")
    failures += accessibility_problems(learner, "quiz with errors")
    for index, question in enumerate(course["quiz"]["questions"]):
        correct = question["correct"]
        learner.find_element(By.ID, f"q{index}" if correct == 0 else f"q{index}-{correct}").click()
    sideways("quiz")
    submit(learner, learner.find_element(By.XPATH, "//button[normalize-space()='Send my answers']"))
    if "Course complete" not in learner.page_source:
        failures.append(f"course: the quiz did not complete the course ({learner.current_url})")
    failures += accessibility_problems(learner, "course complete")
    Select(learner.find_element(By.ID, "audience")).select_by_visible_text("Older people")
    submit(learner, learner.find_element(By.XPATH, "//button[normalize-space()='Save my answers']"))
    submit(learner, learner.find_element(By.LINK_TEXT, "Get your certificate"))
    learner.find_element(By.ID, "name").send_keys("Pat Example")
    submit(learner, learner.find_element(By.XPATH, "//button[normalize-space()='Show on certificate']"))
    if "Awarded to Pat Example" not in learner.page_source or course["title"] not in learner.page_source:
        failures.append("course: the certificate does not show the name and course")
    failures += accessibility_problems(learner, "certificate")
    sideways("certificate")
    learner.save_screenshot("screenshots/course-certificate-375px.png")
    learner.get(f"{BASE}/p/demo/resources")
    failures += accessibility_problems(learner, "resource library")
    submit(learner, learner.find_element(By.PARTIAL_LINK_TEXT, "Stop, challenge, protect"))
    failures += accessibility_problems(learner, "resource page")
    sideways("resource page")
    if "Download" not in learner.page_source:
        failures.append("resources: the poster has no download link")
    print("ok  courses       -> 'Spotting scams' completed at 375px with every check question and the quiz; certificate; library pages; axe clean")
finally:
    learner.quit()

library = browser()
try:
    sign_in(library, "officer")
    library.get(f"{BASE}/app/p/demo/resources/new")
    failures += accessibility_problems(library, "add a resource")
    disguised = os.path.abspath("screenshots/poster.pdf")
    with open(disguised, "wb") as f:
        f.write(b"MZ" + b"\x90" * 4096)  # a Windows program's first bytes, named as a PDF
    library.find_element(By.ID, "title").send_keys("Innocent poster")
    library.find_element(By.ID, "description").send_keys("Not what it seems")
    Select(library.find_element(By.ID, "kind")).select_by_visible_text("Poster")
    library.find_element(By.ID, "file").send_keys(disguised)
    library.find_element(By.ID, "altText").send_keys("A poster")
    for box in ["themes", "audiences", "objectives"]:
        library.find_element(By.ID, box).click()
    submit(library, library.find_element(By.XPATH, "//button[normalize-space()='Send for approval']"))
    if "This file is a Windows program" not in library.page_source:
        failures.append("resources: a program named poster.pdf was not refused in the upload form")
    failures += accessibility_problems(library, "upload refused")
    os.remove(disguised)
    library.get(f"{BASE}/app/p/demo/engagement")
    if "Short courses completed online" not in library.page_source:
        failures.append("dashboard: course completions are not shown")
    print("ok  resources     -> a disguised program is refused in the upload form; course counts on the dashboard")
finally:
    library.quit()

# The register of organisations (issue 23): an officer adds a school; its teacher books the class onto a session
# (the booking joins the school's record by name); the school's two checks follow below.
officer = browser()
try:
    sign_in(officer, "officer")
    officer.get(f"{BASE}/app/p/demo/organisations")
    failures += accessibility_problems(officer, "register of organisations")
    officer.find_element(By.ID, "name").send_keys("Smoke Test School")
    Select(officer.find_element(By.ID, "kind")).select_by_visible_text("School or academy")
    submit(officer, officer.find_element(By.XPATH, "//button[normalize-space()='Add to the register']"))
    if "Added to the register" not in officer.page_source:
        failures.append("organisations: the school was not added to the register")
    school_record = officer.current_url.split("?")[0]
finally:
    officer.quit()
teacher = browser()
try:
    teacher.get(f"{BASE}/p/demo/events")
    sessions = teacher.find_elements(By.PARTIAL_LINK_TEXT, "School session") or teacher.find_elements(By.PARTIAL_LINK_TEXT, "college workshop")
    sessions[0].click()
    time.sleep(2.2)
    teacher.find_element(By.ID, "name").send_keys("Tess Teacher")
    teacher.find_element(By.ID, "email").send_keys("tess.teacher@example.org")
    teacher.find_element(By.XPATH, "//summary[contains(., 'Booking for a group')]").click()
    teacher.find_element(By.ID, "group").click()
    teacher.find_element(By.ID, "organisation").send_keys("Smoke Test School")
    places = teacher.find_element(By.ID, "places")
    places.clear()
    places.send_keys("12")
    for question in teacher.find_elements(By.CSS_SELECTOR, "main form select[id^='q-']"):
        Select(question).select_by_index(1)  # the organiser's own questions ("Which year group?")
    teacher.find_element(By.CSS_SELECTOR, "main form #consent").click()
    teacher.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(teacher, 20).until(lambda d: "/bookings/" in d.current_url)
    booked_session = teacher.find_element(By.TAG_NAME, "h1").text
finally:
    teacher.quit()

# A small business takes the resilience check on a 375px phone: every area, the results, consent and follow-up;
# an officer sees the figures and the request.
owner = browser(width=375)
try:
    check = json.load(open("Sources/SaferCyberCore/Assessments/Checks/1-small-organisation.json"))
    owner.get(f"{BASE}/p/demo")
    submit(owner, owner.find_element(By.LINK_TEXT, "Check your organisation's cyber security"))
    failures += accessibility_problems(owner, "check start")
    submit(owner, owner.find_element(By.LINK_TEXT, check["title"]))
    for number, area in enumerate(check["areas"]):
        if number == 0:
            submit(owner, owner.find_element(By.XPATH, "//button[normalize-space()='Continue']"))
            if "There is a problem" not in owner.page_source:
                failures.append("check: continuing without answers shows no error")
            failures += accessibility_problems(owner, "check area with errors")
        for index, question in enumerate(area["questions"]):
            pick = (number + index) % 4  # yes, partly, no, don't know in turn
            owner.find_element(By.ID, f"a-{question['id']}" if pick == 0 else f"a-{question['id']}-{pick}").click()
        if owner.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
            failures.append(f"check: area {number + 1} scrolls sideways at 375px")
        last = number == len(check["areas"]) - 1
        submit(owner, owner.find_element(By.XPATH, "//button[normalize-space()='%s']" % ("See my results" if last else "Continue")))
    if "/check/results/" not in owner.current_url or "What to do first" not in owner.page_source:
        failures.append(f"check: no results page ({owner.current_url})")
    failures += accessibility_problems(owner, "check results")
    if owner.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
        failures.append("check: the results scroll sideways at 375px")
    owner.save_screenshot("screenshots/check-results-375px.png")
    owner.find_element(By.ID, "consent").click()
    Select(owner.find_element(By.ID, "sector")).select_by_visible_text("Shops and retail")
    owner.find_element(By.ID, "followUp").click()
    owner.find_element(By.ID, "organisation").send_keys("Smoke Test School")
    owner.find_element(By.ID, "name").send_keys("Sam Example")
    owner.find_element(By.ID, "email").send_keys("sam@example.org")
    submit(owner, owner.find_element(By.XPATH, "//button[normalize-space()='Save these details']"))
    if "Your answers have been saved" not in owner.page_source:
        failures.append("check: details were not saved")
    owner.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    owner.save_screenshot("screenshots/check-results-print.png")
    # A year on, the school takes the check again from its private link, answering yes throughout.
    owner.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    submit(owner, owner.find_element(By.LINK_TEXT, "Take the check again"))
    submit(owner, owner.find_element(By.LINK_TEXT, check["title"]))
    for number, area in enumerate(check["areas"]):
        for question in area["questions"]:
            owner.find_element(By.ID, f"a-{question['id']}").click()
        last = number == len(check["areas"]) - 1
        submit(owner, owner.find_element(By.XPATH, "//button[normalize-space()='%s']" % ("See my results" if last else "Continue")))
    if "/check/results/" not in owner.current_url:
        failures.append(f"check: the re-take has no results page ({owner.current_url})")
    print("ok  checks        -> small business check at 375px: every area, results with actions, details with consent, a re-take; axe clean")
finally:
    owner.quit()

officer = browser()
try:
    sign_in(officer, "officer")
    officer.get(f"{BASE}/app/p/demo/checks")
    failures += accessibility_problems(officer, "check figures")
    if "Weakest areas by sector" not in officer.page_source:
        failures.append("checks: the figures page has no weakest areas")
    officer.get(f"{BASE}/app/p/demo/checks/follow-up")
    failures += accessibility_problems(officer, "check follow-up")
    if "Smoke Test School" not in officer.page_source:
        failures.append("checks: the follow-up request is not listed for officers")
    print("ok  check figures -> figures and follow-up list pass axe; the new request is listed")
    # The school's record: the group booking and both checks, with the change in score.
    officer.get(school_record)
    failures += accessibility_problems(officer, "organisation record")
    officer.save_screenshot("screenshots/organisation-record.png")
    record_text = officer.find_element(By.TAG_NAME, "main").text
    if "Group booking: " not in record_text:
        failures.append("organisations: the school's group booking is not on its record")
    if record_text.count("Resilience check") < 2 or "Resilience check (re-take)" not in record_text:
        failures.append("organisations: the school's two checks are not on its record")
    if not re.search(r"Overall score, out of 100: \d+ at the first check .* up \d+ points, over 2 checks", record_text):
        failures.append("organisations: the record does not show the change in score")
    officer.get(f"{BASE}/app/p/demo/organisations/figures")
    failures += accessibility_problems(officer, "organisation figures")
    print("ok  organisations -> a school's group booking and two checks on its record with the score change; axe clean")
finally:
    officer.quit()

# The safeguarding lead works with the (fictional, encrypted) demo referrals; a coordinator is refused them and
# sees only the anonymous figures.
lead = browser()
try:
    sign_in(lead, "safeguarding")
    lead.get(f"{BASE}/app/p/demo/referrals")
    failures += accessibility_problems(lead, "referrals")
    if "(fictional)" not in lead.page_source:
        failures.append("referrals: the demo referrals are not listed for the safeguarding lead")
    lead.find_element(By.ID, "q").send_keys("Demo D")
    submit(lead, lead.find_element(By.XPATH, "//button[normalize-space()='Search']"))
    submit(lead, lead.find_element(By.LINK_TEXT, "#4"))
    failures += accessibility_problems(lead, "referral")
    if "Handed to the statutory safeguarding route" not in lead.page_source:
        failures.append("referrals: the hand-off is not shown on the referral")
    lead.save_screenshot("screenshots/referral.png")
    lead.get(f"{BASE}/app/p/demo/referrals/new")
    failures += accessibility_problems(lead, "referral form")
    submit(lead, lead.find_element(By.XPATH, "//button[normalize-space()='Add the referral']"))
    if "There is a problem" not in lead.page_source:
        failures.append("referrals: an empty form shows no error")
    failures += accessibility_problems(lead, "referral form errors")
    print("ok  referrals     -> safeguarding lead lists, searches and opens demo referrals; form errors; axe clean")
finally:
    lead.quit()

outsider = browser()
try:
    sign_in(outsider, "coordinator")
    outsider.get(f"{BASE}/app/p/demo/referrals")
    if "(fictional)" in outsider.page_source or "You cannot do that" not in outsider.page_source:
        failures.append("referrals: a coordinator can see the referral list")
    outsider.get(f"{BASE}/app/p/demo/referrals/figures")
    failures += accessibility_problems(outsider, "referral figures")
    if "&lt;5" not in outsider.page_source and "<5" not in outsider.page_source:
        failures.append("referrals: the figures show no suppressed counts")
    print("ok  referral figures -> coordinator refused the records, sees suppressed figures; axe clean")
finally:
    outsider.quit()

narrow = browser(width=320)
try:
    sign_in(narrow, "coordinator")
    narrow.save_screenshot("screenshots/coordinator-320px.png")
    for page in ["", "/crime", "/crime/focus"]:
        narrow.get(f"{BASE}/app/p/demo{page}")
        overflow = narrow.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        if overflow:
            failures.append(f"coordinator /app/p/demo{page} scrolls sideways at 320px wide")
    narrow.save_screenshot("screenshots/coordinator-crime-focus-320px.png")
finally:
    narrow.quit()

# A coordinator invites a colleague, who accepts from the email; later the colleague forgets the password and
# resets it from the email.
inviter, colleague = browser(), browser()
try:
    sign_in(inviter, "coordinator")
    inviter.get(f"{BASE}/app/p/demo/users")
    inviter.find_element(By.ID, "email").send_keys("new.colleague@example.org")
    Select(inviter.find_element(By.ID, "role")).select_by_value("officer")
    submit(inviter, inviter.find_element(By.XPATH, "//button[contains(., 'Send the invitation')]"))
    if "/app/invitations/" in inviter.page_source:
        failures.append("email: the invitation link was shown to the inviter although email is set up")
    invitation = mail_to("new.colleague@example.org", "You are invited")
    if invitation is None:
        failures.append("email: the invitation did not arrive")
    else:
        colleague.get(link_in(invitation, "/app/invitations/"))
        failures += accessibility_problems(colleague, "invitation page")
        colleague.find_element(By.ID, "displayName").send_keys("New Colleague")
        colleague.find_element(By.ID, "password").send_keys("orchard pebble lantern")
        submit(colleague, colleague.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        colleague.get(f"{BASE}/app/forgot-password")
        failures += accessibility_problems(colleague, "forgotten password page")
        colleague.find_element(By.ID, "email").send_keys("new.colleague@example.org")
        submit(colleague, colleague.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        if "Check your email" not in colleague.page_source:
            failures.append("email: the forgotten-password form did not say to check the email")
        reset = mail_to("new.colleague@example.org", "Reset your SaferCyber password")
        if reset is None:
            failures.append("email: the password reset email did not arrive")
        else:
            colleague.get(link_in(reset, "/app/password-reset/"))
            failures += accessibility_problems(colleague, "choose a new password page")
            colleague.find_element(By.ID, "password").send_keys("meadow copper violin")
            colleague.find_element(By.ID, "confirmation").send_keys("meadow copper violin")
            submit(colleague, colleague.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
            colleague.find_element(By.ID, "email").send_keys("new.colleague@example.org")
            colleague.find_element(By.ID, "password").send_keys("meadow copper violin")
            submit(colleague, colleague.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
            if "/app/sign-in" in colleague.current_url:
                failures.append("email: signing in with the password set from the reset email failed")
            colleague.save_screenshot("screenshots/colleague-after-reset.png")
    inviter.get(f"{BASE}/app/p/demo/outbox")
    failures += accessibility_problems(inviter, "coordinator outbox")
    inviter.save_screenshot("screenshots/coordinator-outbox.png")
    print("ok  email         -> invited and accepted from the email; password reset from the email")
finally:
    inviter.quit()
    colleague.quit()

# The privacy notice and the accessibility statement: linked from public pages, pass axe, and the statement claims no
# more kinds of checked page than this run checked.
visitor = browser(375)
try:
    visitor.get(f"{BASE}/p/demo/events")
    for link, label in [("Privacy notice", "privacy notice"), ("Accessibility statement", "accessibility statement")]:
        visitor.get(f"{BASE}/p/demo/events")
        visitor.find_element(By.LINK_TEXT, link).click()
        WebDriverWait(visitor, 10).until(lambda d: label.split()[0] in d.current_url)
        failures += accessibility_problems(visitor, label)
        visitor.save_screenshot(f"screenshots/{label.replace(' ', '-')}.png")
    text = visitor.find_element(By.TAG_NAME, "main").text
    claimed = re.search(r"checked (\d+) kinds of page", text)
    if not claimed:
        failures.append("accessibility statement: it does not say how many kinds of page were checked")
    elif int(claimed.group(1)) > len(CHECKED):
        failures.append(f"accessibility statement: claims {claimed.group(1)} kinds of page checked; this run checked {len(CHECKED)}")
    print(f"ok  notices       -> privacy notice and accessibility statement linked from the events page; axe clean; {len(CHECKED)} kinds of page checked with axe-core 4.12 (WCAG 2.2 AA rules)")
finally:
    visitor.quit()

if failures:
    print("Smoke test failed:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"Smoke test passed: {len(ROLES)} roles signed in; screenshots in screenshots/")
