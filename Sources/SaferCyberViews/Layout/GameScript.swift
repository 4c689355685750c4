/// The script on game pages. Everything works without it (forms post, pages reload); with it:
/// the clock ticks, and the page follows the game live over a WebSocket, falling back to polling.
/// Players' pages re-fetch themselves when their team's game changes (unless someone is typing); a player's page
/// names itself (a random page id on its socket and in the forms it sends), so the page that sent an answer is not
/// told about it: it is already on its way to the answer's page;
/// the facilitator's and projector's tables are redrawn from the figures the server pushes.
public enum GameScript {
    public static let javascript = """
        (function () {
          var print = document.querySelector('[data-print]');
          if (print) print.addEventListener('click', function () { window.print(); });
          var root = document.querySelector('[data-live]');
          if (!root) return;
          var audience = root.getAttribute('data-audience');
          var seq = parseInt(root.getAttribute('data-seq') || '0', 10);
          var pageID = audience === 'player' ? Math.random().toString(36).slice(2, 14) : '';
          if (pageID) {
            document.addEventListener('submit', function (e) {
              var form = e.target;
              if (!form || form.method.toLowerCase() !== 'post' || form.querySelector('input[name=page]')) return;
              var field = document.createElement('input');
              field.type = 'hidden'; field.name = 'page'; field.value = pageID;
              form.appendChild(field);
            }, true);
          }
          var remaining = null, running = false, tickedAt = Date.now();

          function readTimer() {
            var t = document.querySelector('[data-remaining]');
            if (!t) return;
            remaining = parseInt(t.getAttribute('data-remaining'), 10);
            running = t.getAttribute('data-running') === 'true';
            tickedAt = Date.now();
          }
          function showTimer() {
            var t = document.querySelector('[data-remaining] .clock');
            if (!t || remaining === null) return;
            var left = running ? Math.max(0, remaining - Math.floor((Date.now() - tickedAt) / 1000)) : remaining;
            var text = Math.floor(left / 60) + ':' + ('0' + (left % 60)).slice(-2);
            if (t.textContent !== text) t.textContent = text;
          }
          readTimer();
          setInterval(showTimer, 1000);

          function cell(row, key) {
            var v = row[key];
            if (v === true) return 'Yes';
            if (v === false) return 'No';
            return v === undefined || v === null ? '' : String(v);
          }
          // The facilitator and projector keep every team's row and standing; the server sends all of them
          // for session-wide changes and only the changed team's otherwise.
          var rows = {}, standings = {}, order = [];
          function remember(map, row) {
            if (!row || !row.id) return;
            if (!rows[row.id] && !standings[row.id]) order.push(row.id);
            map[row.id] = row;
          }
          function sortedBoard(kind) {
            var list = order.map(function (id) { return standings[id]; }).filter(Boolean);
            list.sort(function (a, b) {
              if (kind === 'defence') return a.losses - b.losses || a.name.localeCompare(b.name);
              return b.solved - a.solved || a.seconds - b.seconds || a.name.localeCompare(b.name);
            });
            list.forEach(function (s, i) { s.place = i + 1; });
            return list;
          }
          function drawTable(id, rows) {
            var table = document.getElementById(id);
            if (!table || !rows) return;
            var keys = (table.getAttribute('data-columns') || '').split(',');
            var numeric = (table.getAttribute('data-numeric') || '').split(',');
            var body = table.tBodies[0];
            var fresh = document.createElement('tbody');
            rows.forEach(function (row) {
              var tr = document.createElement('tr');
              keys.forEach(function (key) {
                var td = document.createElement('td');
                if (numeric.indexOf(key) >= 0) td.className = 'numeric';
                td.textContent = cell(row, key);
                tr.appendChild(td);
              });
              fresh.appendChild(tr);
            });
            if (rows.length) table.replaceChild(fresh, body);
          }

          var refreshing = false, pending = false;
          function typing() {
            var a = document.activeElement;
            return a && (a.tagName === 'INPUT' && a.type === 'text' || a.tagName === 'TEXTAREA') && a.value !== '';
          }
          function refresh() {
            if (refreshing || typing()) { pending = true; return; }
            refreshing = true; pending = false;
            fetch(window.location.pathname, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
              var doc = new DOMParser().parseFromString(html, 'text/html');
              var next = doc.querySelector('[data-live]');
              if (next && !typing()) {
                root.innerHTML = next.innerHTML;
                root.setAttribute('data-seq', next.getAttribute('data-seq'));
                readTimer(); showTimer();
              } else { pending = true; }
            }).catch(function () {}).then(function () { refreshing = false; });
          }
          document.addEventListener('focusout', function () { if (pending) setTimeout(refresh, 200); });

          function handle(data) {
            var m;
            try { m = JSON.parse(data); } catch (e) { return; }
            if (typeof m.remaining === 'number') { remaining = m.remaining; running = !!m.running; tickedAt = Date.now(); showTimer(); }
            if (m.seq <= seq) return;
            seq = m.seq;
            if (audience === 'player') { refresh(); return; }
            if (m.teams) {
              rows = {};
              m.teams.forEach(function (r) { rows[r.id] = r; });
              order = m.teams.map(function (r) { return r.id; });
            }
            if (m.leaderboard) {
              standings = {};
              m.leaderboard.forEach(function (r) { standings[r.id] = r; });
              if (!m.teams) order = m.leaderboard.map(function (r) { return r.id; });
            }
            remember(rows, m.row);
            remember(standings, m.standing);
            drawTable('live-teams', order.map(function (id) { return rows[id]; }).filter(Boolean));
            drawTable('live-board', sortedBoard(m.kind));
            var status = document.querySelector('[data-field=status]');
            if (status && m.status) status.textContent = { lobby: 'Waiting to start', running: 'Running', paused: 'Paused', finished: 'Finished' }[m.status] || m.status;
            if (audience === 'facilitator' && m.event && ['started', 'paused', 'resumed', 'finished', 'roundOpened', 'roundRevealed', 'teamsLocked', 'teamsUnlocked'].indexOf(m.event) >= 0) {
              // The controls on offer change with these; the page itself knows which to show.
              if (!typing()) window.location.reload();
            }
          }

          var polling = null;
          function poll() {
            fetch(root.getAttribute('data-poll'), { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(handle).catch(function () {});
          }
          function startPolling() { if (!polling) polling = setInterval(poll, 2000); }
          function connect() {
            if (!window.WebSocket) { startPolling(); return; }
            var ws;
            var address = root.getAttribute('data-live') + (pageID ? '?page=' + pageID : '');
            try { ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + address); }
            catch (e) { startPolling(); return; }
            ws.onopen = function () { if (polling) { clearInterval(polling); polling = null; } };
            ws.onmessage = function (e) { handle(e.data); };
            // 4000: the game is over and unloaded, 1008: this page may no longer follow it; neither comes back.
            ws.onclose = function (e) {
              if (e.code === 4000 || e.code === 1008) { if (polling) { clearInterval(polling); polling = null; } return; }
              startPolling(); setTimeout(connect, 5000);
            };
          }
          connect();
        })();
        """
}
