// The classroom chat page: joins jnc's --chat room over WebSocket on the port it came from.
// Everything shown is set as text (textContent), never as HTML, so no member can inject markup
// or script into another's page. Strings in German or English, after the browser's language.
'use strict';

const TEXT = {
  en: {
    title: 'jnc classroom chat', send: 'Send', placeholder: 'Type a line and press Enter',
    connecting: 'connecting…', open: 'connected', closed: 'disconnected', you: 'you',
    announce: (s) => s,
  },
  de: {
    title: 'jnc-Klassenchat', send: 'Senden', placeholder: 'Zeile eingeben und Enter drücken',
    connecting: 'verbinde…', open: 'verbunden', closed: 'getrennt', you: 'du',
    announce: (s) => s
      .replace(/^(.*) is connected as (<user\d+>)\.$/, '$1 ist verbunden als $2.')
      .replace(/^already connected: nobody\.$/, 'bereits verbunden: niemand.')
      .replace(/^already connected: (.*)$/, 'bereits verbunden: $1')
      .replace(/ as (<user\d+>)/g, ' als $1')
      .replace(/ and (\d+) more\.$/, ' und $1 weitere.')
      .replace(/^(<user\d+>) is disconnected\.$/, '$1 hat den Chat verlassen.'),
  },
};
const lang = ((navigator.languages && navigator.languages[0]) || navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en';
const t = TEXT[lang];

const log = document.getElementById('log');
const status = document.getElementById('status');
const input = document.getElementById('line');
const send = document.getElementById('send');
let me = null; // our <userN>, from the first "is connected as" line after we joined

document.documentElement.lang = lang;
document.title = t.title;
document.getElementById('title').textContent = t.title;
send.textContent = t.send;
input.placeholder = t.placeholder;

function show(cls, who, text) {
  const div = document.createElement('div');
  div.className = 'line ' + cls;
  if (who) {
    const w = document.createElement('span');
    w.className = 'who';
    w.textContent = who;
    div.appendChild(w);
  }
  div.appendChild(document.createTextNode(text));
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.appendChild(div);
  while (log.childElementCount > 2000) log.removeChild(log.firstElementChild); // a long lesson stays light
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function setStatus(state) {
  status.className = state;
  status.textContent = t[state];
  send.disabled = state !== 'open';
}

function received(line) {
  const a = /^<announce> (.*)$/.exec(line);
  if (a) {
    const joined = /is connected as (<user\d+>)\.$/.exec(a[1]);
    if (joined && me === null) me = joined[1];
    show('announce', null, t.announce(a[1]));
    return;
  }
  const m = /^(<[^>]*>) ?(.*)$/.exec(line);
  if (m) show('other', m[1], m[2]);
  else show('other', null, line);
}

const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat');
setStatus('connecting');
ws.onopen = () => setStatus('open');
ws.onclose = () => setStatus('closed');
ws.onmessage = (e) => {
  if (typeof e.data === 'string') received(e.data);
};

document.getElementById('say').addEventListener('submit', (e) => {
  e.preventDefault();
  const line = input.value;
  if (line === '' || ws.readyState !== WebSocket.OPEN) return;
  ws.send(line);
  show('own', (me || '<' + t.you + '>'), line);
  input.value = '';
  input.focus();
});
