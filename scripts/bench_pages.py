"""Times crime-picture pages over one keep-alive connection. Called by scripts/bench-pages."""
import http.client, re, statistics, sys, time, urllib.parse

base, slug, email, password, label = sys.argv[1:6]
host = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(host.hostname, host.port)
cookies = {}

def request(method, path, body=None):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Origin": base}
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return response.status, data.decode("utf-8", "replace")

status, page = request("GET", "/app/sign-in")
token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
status, _ = request("POST", "/app/sign-in", {"email": email, "password": password, "csrf": token})
assert status in (200, 303), status
status, page = request("GET", f"/app/p/{slug}/crime")
assert status == 200, status
quarters = re.findall(r'<option value="(\d{5})"', page)
latest, earliest = quarters[0], quarters[-1]
viewer = 'name="theme"' not in page
if viewer:
    # A role without exact counts: one complete quarter at a time (published edition), and the focus page
    # protected together with the standard views of its eight quarters.
    pages = {
        "viewer: picture, latest complete quarter": f"/app/p/{slug}/crime",
        "viewer: picture, earliest quarter": f"/app/p/{slug}/crime?to={earliest}",
        "viewer: reporting gap": f"/app/p/{slug}/crime/reporting-gap",
        "viewer: where to focus": f"/app/p/{slug}/crime/focus",
    }
else:
  theme = re.search(r'<select[^>]*name="theme".*?<option value="([0-9A-F-]{36})"', page, re.S).group(1)
  area = re.search(r'<select[^>]*name="area".*?<option value="(E0\d+)"', page, re.S).group(1)
  pages = {
      "picture (default: last 8 quarters)": f"/app/p/{slug}/crime",
      "picture, all ten years": f"/app/p/{slug}/crime?from={earliest}&to={latest}",
      "picture, one theme": f"/app/p/{slug}/crime?theme={theme}",
      "picture, one area, all records": f"/app/p/{slug}/crime?area={area}&scope=all",
      "picture, one quarter": f"/app/p/{slug}/crime?from={latest}&to={latest}",
      "CSV export (wards, all years)": f"/app/p/{slug}/crime/export.csv?table=wards&from={earliest}&to={latest}",
      "reporting gap": f"/app/p/{slug}/crime/reporting-gap",
      "where to focus": f"/app/p/{slug}/crime/focus",
  }
worst = 0.0
print(f"{label}: page latency over {60} requests each (after 5 warm-up)")
for name, path in pages.items():
    for _ in range(5):
        request("GET", path)
    times = []
    for _ in range(60):
        start = time.perf_counter()
        status, _ = request("GET", path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (name, status)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    worst = max(worst, p95)
    print(f"  {name:42s} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")
print(f"{label}: worst p95 {worst:.1f} ms (target < 50 ms)")
