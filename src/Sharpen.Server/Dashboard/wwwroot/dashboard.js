// Entry point: asks for the API key, then routes #/jobs, #/jobs/{id}, #/new, #/files and #/files/{id} to their views.
import { api, session, unauthorized } from './api.js';
import { jobsView } from './jobs.js';
import { jobView } from './job.js';
import { newJobView } from './newjob.js';
import { filesView, fileReportView } from './files.js';

const routes = [
  [/^#\/jobs\/([^/]+)$/, jobView],
  [/^#\/jobs$/, jobsView],
  [/^#\/new$/, newJobView],
  [/^#\/files\/([^/]+)$/, fileReportView],
  [/^#\/files$/, filesView],
];

const login = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const keyInput = document.getElementById('api-key');
const nav = document.getElementById('nav');
const view = document.getElementById('view');
let current;

function showLogin(reason) {
  current?.abort();
  view.replaceChildren();
  nav.hidden = true;
  login.hidden = false;
  loginError.textContent = reason ?? '';
  keyInput.focus();
}

function route() {
  if (!session.key) {
    showLogin();
    return;
  }
  login.hidden = true;
  nav.hidden = false;
  current?.abort();
  current = new AbortController();
  const hash = location.hash || '#/jobs';
  for (const link of nav.querySelectorAll('a')) {
    const active = hash === link.getAttribute('href') || hash.startsWith(`${link.getAttribute('href')}/`);
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const match = routes.find(([pattern]) => pattern.test(hash));
  if (!match) {
    location.hash = '#/jobs';
    return;
  }
  const [pattern, render] = match;
  const [, id] = hash.match(pattern);
  view.replaceChildren();
  render(view, { id: id && decodeURIComponent(id) }, current.signal);
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  session.key = keyInput.value.trim();
  loginError.textContent = '';
  try {
    await api('/v1/models'); // any call proves the key
    keyInput.value = '';
    route();
  } catch (error) {
    session.key = null;
    loginError.textContent = error.message;
  }
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.key = null;
  showLogin('The key was removed from this tab.');
});

unauthorized.addEventListener('unauthorized', (event) => {
  if (login.hidden) {
    session.key = null;
    showLogin(event.detail);
  }
});

window.addEventListener('hashchange', route);
route();
