// The page's calls to the bridge. Authentication rides on the HttpOnly cookie set when the page was opened with its
// token; commands name the page's event stream so the bridge sends them under this browser's own app id.

/** An error answered by the bridge: the AVSession code, the seed's message, the detail and what to do. */
export class ApiError extends Error {
  constructor({code, message, detail, hint}) {
    super(`${code}: ${message}`);
    this.code = code;
    this.seedMessage = message;
    this.detail = detail || '';
    this.hint = hint || '';
  }
}

let connection = null;

/** Remembers the connection number of the event stream (from its `hello` event). */
export function setConnection(id) {
  connection = id;
}

async function readError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // Not JSON (an HTTP error before the bridge answered): made into an error below.
  }
  if (body && body.error) {
    return new ApiError(body.error);
  }
  if (response.status === 401 || response.status === 403) {
    return new ApiError({
      code: response.status,
      message: `The access token was refused (HTTP ${response.status}).`,
      detail: '',
      hint: 'The daemon restarted or this link is old: open the address that baton daemon printed last.',
    });
  }
  return new ApiError({
    code: response.status, message: `HTTP ${response.status}`, detail: response.statusText, hint: 'Reload the page.',
  });
}

/** Sends a control command to a session; resolves when the session's app has run it, or throws an ApiError. */
export async function sendCommand(sessionId, command, parameter) {
  const body = parameter === undefined ? {command} : {command, parameter};
  await call('POST', `/api/sessions/${encodeURIComponent(sessionId)}/commands`, body);
}

/**
 * Casts a session to a renderer and plays its media there (`mediaUrl`, or the session's own when empty); resolves
 * once the renderer accepted the media, or throws an ApiError.
 */
export async function castTo(sessionId, deviceId, mediaUrl) {
  const body = mediaUrl ? {deviceId, mediaUrl} : {deviceId};
  await call('POST', `/api/sessions/${encodeURIComponent(sessionId)}/cast`, body);
}

/**
 * Moves a session's output to a paired Baton device (its id), or back with 'local'; resolves once the device took it,
 * or throws an ApiError.
 */
export async function moveSession(sessionId, device) {
  await call('POST', `/api/sessions/${encodeURIComponent(sessionId)}/move`, {device});
}

/** Ends a session's cast; resolves once the renderer stopped, or throws an ApiError. */
export async function stopCasting(sessionId) {
  await call('DELETE', `/api/sessions/${encodeURIComponent(sessionId)}/cast`);
}

/** A call that changes something, as this browser (its event stream's connection), with a JSON body if any. */
async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (connection !== null) {
    headers['X-Baton-Connection'] = String(connection);
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError({code: 6600101, message: 'Session service exception.', detail: String(e),
      hint: 'Check that the daemon is running, then reload the page.'});
  }
  if (!response.ok) {
    throw await readError(response);
  }
}

/** GETs a JSON document of the bridge, or throws an ApiError. */
export async function getJson(path) {
  const response = await fetch(path, {credentials: 'same-origin'});
  if (!response.ok) {
    throw await readError(response);
  }
  return response.json();
}
