// The web control center: follows the bridge's event stream, keeps one card per session, and sends commands.

import {ApiError, castTo, getJson, moveSession, sendCommand, setConnection, stopCasting} from './api.js';
import {durationMs, extrapolatedPositionMs} from './position.js';
import {
  ago, canSend, createCard, nextLoopMode, pairedItem, playPauseCommand, rendererItem, updateCard, updateCast,
  updateProgress,
} from './render.js';

const SEEK_STEP_MS = 10_000;
const TOAST_MS = 10_000;
const HEALTH_REFRESH_MS = 5_000;
const RECONNECT_MS = 2_000;

/** sessionId → the latest card the bridge sent. */
const cards = new Map();
/** sessionId → its element. */
const elements = new Map();
let selectedId = null;
/** The devices panel as the bridge last sent it (casting on or off, the renderers), or null before it did. */
let devices = null;
/** The daemon's clock minus this browser's, from the latest event: positions are extrapolated on the daemon's clock. */
let clockOffsetMs = 0;
/** The card whose progress bar is being dragged, and where. */
let drag = null;

const sessionsElement = document.getElementById('sessions');
const emptyElement = document.getElementById('no-sessions');

function daemonNow() {
  return Date.now() + clockOffsetMs;
}

// ---- Ordering and selection

/** Top session first, then the newest. */
function orderedIds() {
  return [...cards.values()]
    .sort((a, b) => (a.top !== b.top ? (a.top ? -1 : 1) : b.createdTimeMs - a.createdTimeMs))
    .map((card) => card.sessionId);
}

function layout() {
  const ids = orderedIds();
  ids.forEach((id, index) => {
    const element = elements.get(id);
    if (sessionsElement.children[index] !== element) {
      sessionsElement.insertBefore(element, sessionsElement.children[index] || null);
    }
  });
  emptyElement.hidden = ids.length > 0;
  if (!cards.has(selectedId)) {
    select(ids[0] ?? null);
  }
}

function select(sessionId) {
  const changed = selectedId !== sessionId;
  selectedId = sessionId;
  for (const [id, element] of elements) {
    element.classList.toggle('is-selected', id === sessionId);
  }
  if (changed) {
    renderPairedDevices();
  }
}

// ---- Events from the bridge

function onSession(card) {
  cards.set(card.sessionId, card);
  let element = elements.get(card.sessionId);
  if (!element) {
    element = createCard(card.sessionId);
    wireCard(element);
    elements.set(card.sessionId, element);
    sessionsElement.append(element);
  }
  updateCard(element, card);
  updateCast(element, card, devices);
  updateProgress(element, card, daemonNow(), null);
  layout();
}

function onRemove(sessionId) {
  cards.delete(sessionId);
  const element = elements.get(sessionId);
  if (element) {
    element.remove();
    elements.delete(sessionId);
  }
  if (drag && drag.sessionId === sessionId) {
    drag = null;
  }
  layout();
  scheduleHistoryRefresh();
}

function setStatus(text, state) {
  const status = document.getElementById('connection');
  status.textContent = text;
  status.dataset.state = state;
}

function connect() {
  const events = new EventSource('/api/events');
  const data = (handler) => (event) => {
    const message = JSON.parse(event.data);
    if (message.serverTime) {
      clockOffsetMs = message.serverTime - Date.now();
    }
    handler(message);
  };
  events.addEventListener('hello', data((hello) => {
    setConnection(hello.connection);
    document.getElementById('device').textContent = hello.device.name;
    // A new stream starts from a full snapshot: drop what a previous stream showed.
    for (const id of [...cards.keys()]) {
      onRemove(id);
    }
  }));
  events.addEventListener('status', data((status) => {
    setStatus(status.connected ? 'live' : 'daemon unreachable', status.connected ? 'live' : 'down');
  }));
  events.addEventListener('session', data(onSession));
  events.addEventListener('remove', data((message) => onRemove(message.sessionId)));
  events.addEventListener('devices', data(onDevices));
  events.addEventListener('failure', data((message) => {
    showError(new ApiError(message.error));
    events.close();
  }));
  events.addEventListener('error', () => {
    setStatus('reconnecting…', 'down');
    if (events.readyState !== EventSource.CLOSED) {
      return; // The browser retries by itself (the daemon is away).
    }
    // Refused for good: a daemon restarted with a new token answers 403. Say so; otherwise try again later.
    getJson('/api/devices').then(() => setTimeout(connect, RECONNECT_MS), (error) => {
      if (error.code === 401 || error.code === 403) {
        setStatus('access token refused', 'down');
        showError(error);
      } else {
        setTimeout(connect, RECONNECT_MS);
      }
    });
  });
}

// ---- Commands

async function send(sessionId, command, parameter) {
  try {
    await sendCommand(sessionId, command, parameter);
  } catch (error) {
    showError(error instanceof ApiError ? error : new ApiError({code: 0, message: String(error)}));
  }
}

function wireCard(element) {
  const sessionId = element.dataset.sessionId;
  const card = () => cards.get(sessionId);
  element.addEventListener('pointerdown', () => select(sessionId));
  element.addEventListener('focusin', () => select(sessionId));
  element.querySelector('.controls').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button || button.disabled) {
      return;
    }
    const command = button.dataset.command;
    send(sessionId, command === 'playPause' ? playPauseCommand(card()) : command);
  });
  element.querySelector('button[data-command="setLoopMode"]').addEventListener('click', () => {
    send(sessionId, 'setLoopMode', nextLoopMode(card()));
  });
  element.querySelector('button[data-command="toggleFavorite"]').addEventListener('click', () => {
    send(sessionId, 'toggleFavorite', card().metadata.assetId);
  });
  element.querySelector('select.speed').addEventListener('change', (event) => {
    send(sessionId, 'setSpeed', Number(event.target.value));
  });
  wireSeekBar(element, sessionId);
  wireCast(element, sessionId);
}

/** "Cast to…" opens the card's cast form; "Cast" casts the session to the chosen renderer; "Stop casting" ends it. */
function wireCast(element, sessionId) {
  const form = element.querySelector('.cast-form');
  const submit = element.querySelector('.cast-submit');
  element.querySelector('.cast-open').addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) {
      element.querySelector('.cast-device').focus();
    }
  });
  element.querySelector('.cast-cancel').addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const deviceId = element.querySelector('.cast-device').value;
    const mediaUrl = element.querySelector('.cast-url').value.trim();
    submit.disabled = true;
    try {
      await castTo(sessionId, deviceId, mediaUrl);
      form.hidden = true;
    } catch (error) {
      showError(error instanceof ApiError ? error : new ApiError({code: 0, message: String(error)}));
    } finally {
      submit.disabled = false;
    }
  });
  const stop = element.querySelector('.cast-stop');
  stop.addEventListener('click', async () => {
    stop.disabled = true;
    try {
      const current = cards.get(sessionId);
      if (current && current.cast && current.cast.kind === 'device') {
        await moveSession(sessionId, 'local');
      } else {
        await stopCasting(sessionId);
      }
    } catch (error) {
      showError(error instanceof ApiError ? error : new ApiError({code: 0, message: String(error)}));
    } finally {
      stop.disabled = false;
    }
  });
}

/** Drag (or click) on the progress bar to seek: the bar follows the pointer, the seek is sent on release. */
function wireSeekBar(element, sessionId) {
  const track = element.querySelector('.track');
  const fractionAt = (event) => {
    const box = track.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  };
  track.addEventListener('pointerdown', (event) => {
    const card = cards.get(sessionId);
    if (!card || !canSend(card, 'seek') || durationMs(card) <= 0) {
      return;
    }
    track.setPointerCapture(event.pointerId);
    drag = {sessionId, fraction: fractionAt(event)};
    element.classList.add('is-dragging');
    event.preventDefault();
  });
  track.addEventListener('pointermove', (event) => {
    if (drag && drag.sessionId === sessionId) {
      drag.fraction = fractionAt(event);
    }
  });
  const finish = (event, commit) => {
    if (!drag || drag.sessionId !== sessionId) {
      return;
    }
    const fraction = event.type === 'pointerup' ? fractionAt(event) : drag.fraction;
    drag = null;
    element.classList.remove('is-dragging');
    const card = cards.get(sessionId);
    if (commit && card) {
      send(sessionId, 'seek', Math.round(fraction * durationMs(card)));
    }
  };
  track.addEventListener('pointerup', (event) => finish(event, true));
  track.addEventListener('pointercancel', (event) => finish(event, false));
}

// ---- Keyboard: space play/pause, arrows seek, n/p next/previous, on the selected session. A shortcut is sent even
// when its button is disabled, so that the session's refusal (and what to do) shows as a toast.

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest('input, select, textarea')) {
    return;
  }
  if (event.key === ' ' && event.target.closest('button')) {
    return; // Space on a focused button presses that button, as everywhere else.
  }
  const card = cards.get(selectedId);
  if (!card) {
    return;
  }
  const now = daemonNow();
  const position = () => extrapolatedPositionMs(card.playbackState, durationMs(card), now);
  switch (event.key) {
    case ' ':
      send(card.sessionId, playPauseCommand(card));
      break;
    case 'ArrowLeft':
      send(card.sessionId, 'seek', Math.max(0, position() - SEEK_STEP_MS));
      break;
    case 'ArrowRight': {
      const duration = durationMs(card);
      const target = position() + SEEK_STEP_MS;
      send(card.sessionId, 'seek', duration > 0 ? Math.min(duration, target) : target);
      break;
    }
    case 'n':
      send(card.sessionId, 'playNext');
      break;
    case 'p':
      send(card.sessionId, 'playPrevious');
      break;
    default:
      return;
  }
  event.preventDefault();
});

// ---- Toasts

function showError(error) {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'alert');
  toast.dataset.code = String(error.code);
  const head = document.createElement('div');
  head.className = 'toast-head';
  const code = document.createElement('strong');
  code.className = 'toast-code';
  code.textContent = String(error.code);
  const message = document.createElement('span');
  message.className = 'toast-message';
  message.textContent = error.seedMessage || error.message;
  const close = document.createElement('button');
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => toast.remove());
  head.append(code, message, close);
  toast.append(head);
  if (error.hint) {
    const hint = document.createElement('div');
    hint.className = 'toast-hint';
    hint.textContent = error.hint;
    toast.append(hint);
  }
  if (error.detail) {
    const detail = document.createElement('div');
    detail.className = 'toast-detail';
    detail.textContent = error.detail;
    toast.append(detail);
  }
  document.getElementById('toasts').append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}

// ---- Panels

let historyTimer = null;

function scheduleHistoryRefresh() {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(refreshHistory, 300);
}

async function refreshHistory() {
  const list = document.getElementById('history');
  try {
    const entries = await getJson('/api/history');
    const now = daemonNow();
    list.replaceChildren(...entries.map((entry) => {
      const item = document.createElement('li');
      const title = document.createElement('span');
      title.className = 'history-title';
      title.textContent = entry.title || entry.tag;
      const info = document.createElement('span');
      info.className = 'history-info';
      info.textContent = `${entry.appId} · ${ago(entry.lastSeenTimeMs, now)}`;
      item.append(title, info);
      return item;
    }));
    document.getElementById('no-history').hidden = entries.length > 0;
  } catch (error) {
    document.getElementById('no-history').hidden = false;
  }
}

/** The devices panel, live from the bridge's `devices` events; the cards' "cast to" follows it. */
function onDevices(panel) {
  devices = panel;
  document.getElementById('local-device').textContent = panel.localDevice.name;
  renderPairedDevices();
  const state = panel.casting.state;
  const renderers = state === 'on' ? panel.castRenderers : [];
  document.getElementById('cast-renderers').replaceChildren(...renderers.map(rendererItem));
  document.getElementById('cast-unknown').hidden = state !== 'unknown';
  document.getElementById('cast-off').hidden = state !== 'off';
  document.getElementById('no-cast-renderers').hidden = state !== 'on' || renderers.length > 0;
  for (const [id, element] of elements) {
    updateCast(element, cards.get(id), devices);
  }
}

/** The paired devices, with "Move selected session here" for the selected card (redrawn when it changes). */
function renderPairedDevices() {
  if (!devices) {
    return;
  }
  const list = devices.pairedDevices;
  const selected = selectedId ? cards.get(selectedId) : undefined;
  document.getElementById('paired-devices').replaceChildren(...list.map((device) => {
    const item = pairedItem(device, selected);
    item.querySelector('.move-here').addEventListener('click', async (event) => {
      const button = event.currentTarget;
      if (!selectedId) {
        return;
      }
      button.disabled = true;
      try {
        await moveSession(selectedId, device.id);
      } catch (error) {
        showError(error instanceof ApiError ? error : new ApiError({code: 0, message: String(error)}));
      } finally {
        button.disabled = false;
      }
    });
    return item;
  }));
  document.getElementById('no-paired-devices').hidden = list.length > 0;
}

const HEALTH_ROWS = [
  ['Sessions', (h) => h.daemon.sessions.length],
  ['Controllers', (h) => h.daemon.controllers],
  ['Clients', (h) => h.daemon.clients.length],
  ['Commands refused by the rate limit', (h) => h.daemon.rateLimited.refused],
  ['Commands in flight', (h) => h.daemon.pendingCommands],
  ['History store', (h) => (h.daemon.persistence.ok
    ? `ok, ${h.daemon.persistence.rowsWritten} rows written`
    : `failing: ${h.daemon.persistence.lastError}`)],
  ['Browsers connected', (h) => `${h.web.browsers} of ${h.web.maxBrowsers}`],
  ['Updates coalesced for slow browsers', (h) => h.web.streams.reduce((sum, s) => sum + s.coalesced, 0)],
];

async function refreshHealth() {
  const list = document.getElementById('health');
  try {
    const health = await getJson('/api/health');
    list.replaceChildren(...HEALTH_ROWS.flatMap(([label, value]) => {
      const term = document.createElement('dt');
      term.textContent = label;
      const definition = document.createElement('dd');
      try {
        definition.textContent = String(value(health));
      } catch (e) {
        definition.textContent = '–';
      }
      return [term, definition];
    }));
  } catch (error) {
    const term = document.createElement('dt');
    term.textContent = 'Daemon';
    const definition = document.createElement('dd');
    definition.textContent = `${error.code}: ${error.seedMessage || error.message}`;
    list.replaceChildren(term, definition);
  }
}

// ---- Animation: every card's bar moves from its extrapolated position, smoothly, without any event.

function animate() {
  const now = daemonNow();
  for (const [id, element] of elements) {
    const card = cards.get(id);
    updateProgress(element, card, now, drag && drag.sessionId === id ? drag.fraction : null);
  }
  requestAnimationFrame(animate);
}

connect();
refreshHistory();
refreshHealth();
setInterval(refreshHealth, HEALTH_REFRESH_MS);
requestAnimationFrame(animate);

// For tests and the console: the same functions the page uses.
window.batonWeb = {cards, select, send, extrapolatedPositionMs, devices: () => devices};
