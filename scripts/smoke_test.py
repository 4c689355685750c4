"""Signs in as each demo role in headless Chromium and checks what a person would see."""
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = sys.argv[1]
ROLES = ["admin", "coordinator", "officer", "analyst", "safeguarding", "viewer"]
PASSWORD = "demo-password-2026"
os.makedirs("screenshots", exist_ok=True)


def browser(width=1280):
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},1000"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def accessibility_problems(driver, label):
    Axe(driver).inject()  # the package bundles axe-core; its own run() helper hangs, so call axe directly
    driver.set_script_timeout(60)
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.help, v.nodes.length])))"
        ".catch(e => done([['axe-error', 'critical', String(e), 0]]));")
    return [f"{label}: {id} ({impact}, {n} places): {help}" for id, impact, help, n in violations
            if impact in ("serious", "critical")]


def sign_in(driver, role):
    driver.get(f"{BASE}/app/sign-in")
    driver.find_element(By.ID, "email").send_keys(f"{role}@demo.test")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # Bcrypt takes a moment; wait for the next page rather than racing it.
    WebDriverWait(driver, 20).until(
        lambda d: "/app/sign-in" not in d.current_url or "There is a problem" in d.page_source)


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
            for page in ["settings", "users", "audit", "crime", "crime/reporting-gap", "crime/focus", "crime/imports",
                         "crime/rules", "crime/mappings"]:
                driver.get(f"{BASE}/app/p/demo/{page}")
                failures += accessibility_problems(driver, f"coordinator {page}")
                driver.save_screenshot(f"screenshots/coordinator-{page.replace('/', '-')}.png")
            # A real upload through the page (the script shows a progress bar, then lands on the result).
            driver.get(f"{BASE}/app/p/demo/crime/imports")
            driver.find_element(By.ID, "file").send_keys(os.path.abspath("docs/examples/force-extract-example.csv"))
            driver.find_element(By.CSS_SELECTOR, "#crime-upload button[type=submit]").click()
            WebDriverWait(driver, 30).until(lambda d: "/crime/imports/" in d.current_url)
            if "Imported" not in driver.find_element(By.TAG_NAME, "main").text:
                failures.append("coordinator: uploading the example force extract did not say Imported")
            failures += accessibility_problems(driver, "coordinator import result")
            driver.save_screenshot("screenshots/coordinator-import-result.png")
        if role == "viewer":
            driver.get(f"{BASE}/app/p/demo/crime")
            if "Counts under 5 are shown" not in driver.page_source:
                failures.append("viewer: the crime picture does not say small counts are suppressed")
            failures += accessibility_problems(driver, "viewer crime picture")
            driver.save_screenshot("screenshots/viewer-crime.png")
        print(f"ok  {role:13} -> {heading}")
    finally:
        driver.quit()

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

if failures:
    print("Smoke test failed:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"Smoke test passed: {len(ROLES)} roles signed in; screenshots in screenshots/")
