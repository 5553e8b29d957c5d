// Builds and updates the DOM of session cards and panels. No state lives here: app.js owns it.

import {durationMs, extrapolatedPositionMs} from './position.js';

export const PLACEHOLDER_ARTWORK = '/static/placeholder.svg';
const DEFAULT_SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];
const DEFAULT_LOOP_MODES = ['SEQUENCE', 'SINGLE', 'LIST', 'SHUFFLE'];

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatTime(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "3 min ago" and so on, for the history panel. */
export function ago(epochMs, nowMs) {
  const s = Math.max(0, Math.round((nowMs - epochMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(epochMs).toLocaleDateString();
}

/** A new card element from the template, for one session. */
export function createCard(sessionId) {
  const template = document.getElementById('card-template');
  const element = template.content.firstElementChild.cloneNode(true);
  element.dataset.sessionId = sessionId;
  const artwork = element.querySelector('.artwork');
  artwork.addEventListener('error', () => {
    // An artwork URL that does not load (offline, gone) falls back to the placeholder, once.
    if (!artwork.src.endsWith(PLACEHOLDER_ARTWORK)) {
      artwork.src = PLACEHOLDER_ARTWORK;
    }
  });
  return element;
}

/** Whether a card's session accepts `command` now: it is in the valid commands and the session is active. */
export function canSend(card, command) {
  return card.active && card.validCommands.includes(command);
}

/** The command the play/pause button sends: pause while playing, else play. */
export function playPauseCommand(card) {
  return card.playbackState.state === 'PLAY' ? 'pause' : 'play';
}

function setText(element, selector, text) {
  const node = element.querySelector(selector);
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function setEnabled(button, enabled) {
  button.disabled = !enabled;
}

/** Brings a card element up to date with the session's card (everything but the moving position). */
export function updateCard(element, card) {
  const md = card.metadata || {};
  setText(element, '.title', md.title || card.title || card.tag || '(untitled)');
  setText(element, '.artist', md.artist || '');
  setText(element, '.album', md.album || '');
  setText(element, '.app', card.appId);
  setText(element, '.device', card.deviceName || card.deviceId || '');
  element.classList.toggle('is-top', card.top);
  element.classList.toggle('is-inactive', !card.active);
  element.querySelector('.badge.top').hidden = !card.top;
  element.querySelector('.badge.inactive').hidden = card.active;

  const artwork = element.querySelector('.artwork');
  const src = card.artworkUrl || PLACEHOLDER_ARTWORK;
  if (artwork.getAttribute('src') !== src) {
    artwork.setAttribute('src', src);
  }

  const playing = card.playbackState.state === 'PLAY';
  const playPause = element.querySelector('button[data-command="playPause"]');
  playPause.classList.toggle('is-playing', playing);
  playPause.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  playPause.title = playing ? 'Pause (space)' : 'Play (space)';
  setEnabled(playPause, canSend(card, playPauseCommand(card)));
  for (const command of ['playPrevious', 'rewind', 'fastForward', 'playNext']) {
    setEnabled(element.querySelector(`button[data-command="${command}"]`), canSend(card, command));
  }

  const speed = element.querySelector('select.speed');
  const speeds = card.supportedSpeeds.length ? card.supportedSpeeds : DEFAULT_SPEEDS;
  const currentSpeed = card.playbackState.speed ?? 1;
  const wanted = speeds.map(String).join(',');
  if (speed.dataset.options !== wanted) {
    speed.replaceChildren(...speeds.map((value) => new Option(`${value}×`, String(value))));
    speed.dataset.options = wanted;
  }
  if (!speeds.includes(currentSpeed) && speed.querySelector(`option[value="${currentSpeed}"]`) === null) {
    speed.append(new Option(`${currentSpeed}×`, String(currentSpeed)));
  }
  speed.value = String(currentSpeed);
  setEnabled(speed, canSend(card, 'setSpeed'));

  const loop = element.querySelector('button[data-command="setLoopMode"]');
  const loopMode = card.playbackState.loopMode || 'SEQUENCE';
  loop.textContent = `Loop: ${loopMode.toLowerCase()}`;
  setEnabled(loop, canSend(card, 'setLoopMode'));

  const favorite = element.querySelector('button[data-command="toggleFavorite"]');
  const isFavorite = card.playbackState.isFavorite === true;
  favorite.setAttribute('aria-pressed', String(isFavorite));
  favorite.classList.toggle('is-favorite', isFavorite);
  setEnabled(favorite, canSend(card, 'toggleFavorite') && Boolean(md.assetId));

  // Shown only where the session reports a volume range: an app that never set one reads as 0 of 0.
  const volume = element.querySelector('.volume');
  const max = card.playbackState.maxVolume;
  volume.hidden = !(max > 0);
  if (max > 0) {
    volume.textContent = card.playbackState.muted ? 'Muted' : `Volume ${card.playbackState.volume ?? 0} / ${max}`;
  }

  const track = element.querySelector('.track');
  track.classList.toggle('can-seek', canSend(card, 'seek') && durationMs(card) > 0);
}

/** The loop mode after the current one, among those the session supports. */
export function nextLoopMode(card) {
  const modes = card.supportedLoopModes.length ? card.supportedLoopModes : DEFAULT_LOOP_MODES;
  const index = modes.indexOf(card.playbackState.loopMode || 'SEQUENCE');
  return modes[(index + 1) % modes.length];
}

/**
 * Moves a card's progress bar and times to the position at `nowMs` (or to `dragFraction` while the bar is being
 * dragged). Called every animation frame.
 */
export function updateProgress(element, card, nowMs, dragFraction) {
  const duration = durationMs(card);
  const position = dragFraction !== null && dragFraction !== undefined
    ? Math.round(dragFraction * duration)
    : extrapolatedPositionMs(card.playbackState, duration, nowMs);
  const fraction = duration > 0 ? Math.min(1, position / duration) : 0;
  const percent = `${(fraction * 100).toFixed(3)}%`;
  const fill = element.querySelector('.fill');
  if (fill.style.width !== percent) {
    fill.style.width = percent;
    element.querySelector('.thumb').style.left = percent;
  }
  setText(element, '.elapsed', formatTime(position));
  setText(element, '.duration', duration > 0 ? formatTime(duration) : '–:––');
  const track = element.querySelector('.track');
  track.setAttribute('aria-valuenow', String(Math.round(position / 1000)));
  track.setAttribute('aria-valuemax', String(Math.round(duration / 1000)));
  element.dataset.positionMs = String(position);
}

/** What a card's cast row says: nothing while the session plays here, else where it is cast and how far that got. */
export function castStatusText(card) {
  if (!card.cast) {
    return '';
  }
  if (card.cast.kind === 'device') {
    return `Playing on ${card.cast.deviceName}`;
  }
  return card.cast.state === 'CONNECTED'
    ? `Casting to ${card.cast.deviceName}` : `Connecting to ${card.cast.deviceName}…`;
}

/**
 * Brings a card's cast row up to date: its status and "stop casting" while it is cast; "cast to" while the daemon
 * casts (enabled once it knows a renderer), with the renderers to choose from in its form.
 */
export function updateCast(element, card, devices) {
  const status = element.querySelector('.cast-status');
  const text = castStatusText(card);
  status.hidden = text === '';
  if (status.textContent !== text) {
    status.textContent = text;
  }
  const stop = element.querySelector('.cast-stop');
  stop.hidden = !card.cast;
  stop.textContent = card.cast && card.cast.kind === 'device' ? 'Bring back here' : 'Stop casting';
  element.classList.toggle('is-casting', Boolean(card.cast));

  const casting = devices && devices.casting.state === 'on';
  const renderers = casting ? devices.castRenderers : [];
  const open = element.querySelector('.cast-open');
  open.hidden = !casting;
  open.disabled = renderers.length === 0;
  open.title = renderers.length === 0 ? 'No cast renderer found yet' : 'Play this session on a renderer';

  const select = element.querySelector('.cast-device');
  const wanted = renderers.map((r) => `${r.deviceId}=${r.name}`).join('\n');
  if (select.dataset.options !== wanted) {
    const chosen = select.value;
    select.replaceChildren(...renderers.map((r) => new Option(r.name || r.deviceId, r.deviceId)));
    select.dataset.options = wanted;
    if (renderers.some((r) => r.deviceId === chosen)) {
      select.value = chosen;
    }
  }
  const form = element.querySelector('.cast-form');
  if (!casting && !form.hidden) {
    form.hidden = true;
  }
}

/**
 * The devices panel's entry of one paired Baton device: name, link state (with the last heartbeat's round trip),
 * address; "Move selected session here" while it is connected and a local session is selected.
 */
export function pairedItem(device, selectedCard) {
  const template = document.getElementById('paired-template');
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.deviceId = device.id;
  item.dataset.connected = String(device.connected);
  item.querySelector('.device-name').textContent = device.name || device.id;
  item.querySelector('.device-state').textContent = device.connected
    ? `connected (${(device.roundTripMicros / 1000).toFixed(1)} ms)` : 'disconnected';
  item.querySelector('.device-address').textContent = device.address;
  const move = item.querySelector('.move-here');
  move.hidden = !device.connected;
  move.disabled = !selectedCard || selectedCard.remote;
  move.title = !selectedCard ? 'Select a session first'
    : selectedCard.remote ? 'This session lives on another device' : `Play “${selectedCard.metadata.title || selectedCard.tag}” there`;
  item.title = device.id;
  return item;
}

/** The devices panel's entry of one cast renderer: name, state, model and maker, address. */
export function rendererItem(renderer) {
  const template = document.getElementById('renderer-template');
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.deviceId = renderer.deviceId;
  item.dataset.state = renderer.state;
  item.querySelector('.renderer-name').textContent = renderer.name || renderer.deviceId;
  const titles = renderer.sessions.map((s) => `“${s.title}”`).join(', ');
  item.querySelector('.renderer-state').textContent = renderer.state === 'casting' ? `casting ${titles}`
    : renderer.state === 'connecting' ? `connecting ${titles}…` : 'available';
  item.querySelector('.renderer-model').textContent =
    [renderer.model, renderer.manufacturer].filter(Boolean).join(' · ');
  item.querySelector('.renderer-address').textContent = renderer.address;
  item.title = renderer.deviceId;
  return item;
}
