"""aitestmock: a development/test server that speaks the real HTTP protocols of Ollama, OpenAI and Mureka.

Run it with `python -m aitestmock [--host 127.0.0.1] [--port 3080]`, or mount `create_app()` inside another
Starlette app. Point the provider base URLs at it: Ollama `http://127.0.0.1:3080`, OpenAI
`http://127.0.0.1:3080` (paths `/v1/...`; the original mock's `/api/v1/openai/...` also works), Mureka
`http://127.0.0.1:3080` (paths `/v1/...`). Settings: AITESTMOCK_TOKEN_DELAY_MS (20), AITESTMOCK_TOKENS (200),
AITESTMOCK_TIME_SCALE (1.0, multiplies every simulated duration).

Routes
------
- `GET /health`, `GET /` ("Ollama is running"), `GET /files/{name}` (generated PNG, MP3, FLAC, WAV, ZIP)
- Ollama: `POST /api/chat`, `POST /api/generate`, `GET /api/tags`, `POST /api/show`, `GET /api/version`
- OpenAI: `POST /v1/chat/completions`, `GET /v1/models`, `POST /v1/images/generations`,
  `GET /v1/organization/costs`
- Mureka: `POST /v1/song/generate`, `GET /v1/song/query/{id}`, `POST /v1/instrumental/generate`,
  `GET /v1/instrumental/query/{id}`, `POST /v1/lyrics/generate`, `POST /v1/lyrics/extend`, `POST /v1/song/stem`,
  `POST /v1/files/upload`, `GET /v1/account/billing`
- Mock state: `GET /_aitestmock/mureka/submissions` → `{"song": n, "instrumental": m, "stem": k}`, the requests
  that reached each billed Mureka route whatever they were answered (what a client sent twice shows here);
  `DELETE` on it starts the counts again; `GET /_aitestmock/openai/images` → `{"images": n}`, the same for
  `POST /v1/images/generations` (both mounts), `DELETE` resets it; `GET /_aitestmock/openai/costs` →
  `{"requests": n, "reports": m}`, every request of `GET /v1/organization/costs` and those without a `page`
  cursor (one per report asked for, however many pages it has; a retry counts again), `DELETE` resets them

Trigger rules
-------------
The test number is the first standalone 4-digit number starting with 0 in the relevant text (years and
ports such as 2024, 3080 or 8080 never count); none means 0001. The relevant text: chat → the last user
message; Ollama generate → `prompt`; images → `prompt`; Mureka songs → `lyrics` (duration from the style
`prompt`); instrumentals → `prompt` (test number and duration); lyrics/generate → `prompt`;
lyrics/extend → `lyrics`; stem → `url`.

| trigger | API | answer |
|---|---|---|
| 0001 | all | success (Mureka: preparing → queued → running → succeeded) |
| 0002 | Ollama | 401 `{"error": "unauthorized"}` (as a proxy in front of Ollama would) |
| 0002 | OpenAI | 401 `invalid_api_key` "Incorrect API key provided: …" |
| 0002 | Mureka | 401 `{"error": {"message": "Invalid Authentication"}, "trace_id": …}` on submit |
| 0003 | Ollama | 500 `{"error": "llama runner process has terminated: exit status 2"}` |
| 0003 | OpenAI | 500 `server_error` |
| 0003 | Mureka | the task ends `failed` with a `failed_reason`; lyrics/extend/stem answer 500 |
| 0004 | all | 503 once per exact body, the retry succeeds (Ollama: "server busy, please try again.  maximum |
| | | pending requests exceeded"; OpenAI `server_error`; Mureka "…overloaded…") |
| 0005 | Ollama | streamed: ~10 tokens then a line `{"error": …}` (HTTP 200); `stream: false` → 500 |
| 0005 | OpenAI | streamed: ~10 tokens then `data: {"error": {…}}` (HTTP 200); non-streamed and images → 500 |
| 0006 | Ollama | headers and first token only after 3 s × time_scale (a cold model; `load_duration` shows it) |
| 0006 | OpenAI | headers at once, first chunk after 3 s × time_scale; images take 3 s longer |
| 0006 | Mureka | the submit makes the task, then answers after 3 s × time_scale; so does every query of it |
| 0007 | all | 429 + `Retry-After: 1` once per exact body, the retry succeeds (OpenAI also `retry-after-ms: 1000`, |
| | | code `rate_limit_exceeded`; Mureka "…Pace your requests…") |
| 0008 | all | 429 always: "You exceeded your current quota…" (OpenAI code `insufficient_quota`) |
| 0009 | OpenAI | 400 `content_policy_violation` (type `invalid_request_error`), chat and images |
| 0010 | Mureka | the task's first query answers 503 once (exercises query retries) |
| 0011 | Mureka | the task's first query answers 429 + `Retry-After: 1` once |
| 0012 | Mureka | HTTP **200** `{"error": {"message": "Invalid Authentication"}}` on submit (and lyrics, stem): |
| | | no task |
| 0013 | Mureka | every query of the task answers HTTP 200 `{"message": "Invalid Request, The corresponding task was |
| | | not found."}` |
| 0014 | Mureka | every query of the task answers HTTP 200 `{"trace_id": …}`: neither `id` nor `status` |
| 0015 | Mureka | submit (and lyrics) answer HTTP 200 `{"created_at", "trace_id"}`: no task; stem: no `zip_url` |
| 0016 | Mureka | 429 on every submit (and lyrics, stem), flat body `{"error": "Too Many Requests", "message", "code": |
| | | 429, "type"}`, **no** Retry-After |
| 0016 | OpenAI | images: 429 `rate_limit_exceeded` on every request, no Retry-After |
| 0017 | Mureka | every query of the task answers that flat 429, no Retry-After |
| 0018 | Mureka | 429 "…Pace your requests…" **without** Retry-After once per exact submit body, and on the task's |
| | | first query |
| 0019 | Mureka | the task ends `timeouted` with an empty `failed_reason` |
| 0020 | Mureka | the task reports the undocumented status `reviewing` where it would be running, then succeeds |
| 0021 | Mureka | result URLs (mp3, flac, wav, png; stem: zip) answer 404, as expired CDN files do |
| 0022 | Mureka | result URLs point at `http://127.0.0.1:9` (nothing listens: an unreachable CDN) |
| 0023 | Mureka | a loose server: the finished task has no model, trace_id, failed_reason or finished_at; exactly |
| | | two choices whatever n, no `index` on the first, no `wav_url`, an `id` as a number, `duration` as a |
| | | string or null, `tags` as a comma string or a mixed list, `title` 42, `lyrics_sections` "none", |
| | | `video_url` an object, unknown fields; the stem answer (0023 in its `url`) has no `expires_at` |
| 0024 | Mureka | a 502 HTML page from a gateway once per exact submit body (the submit may have reached Mureka); |
| | | the task's first three queries answer 502 (HTML), 503, 504 (HTML), then it recovers |
| 0024 | OpenAI | images: a 502 HTML page from a gateway (nginx) once per exact body |
| 0025 | Mureka | 402 "Insufficient balance…" on submit (and lyrics, stem); in the API key, billing says balance 0 |
| 0026 | Mureka | 403 "Access from your region is not supported." on submit (and lyrics, stem) |
| 0027 | OpenAI | images: a `url` (a real PNG under `/files/`) even when `response_format` is `b64_json` |
| 0028 | OpenAI | images: an auth failure as HTTP **400 with an HTML page** ("you didn&#39;t provide a valid API |
| | | key (masked key)"), as OpenAI-compatible image servers answer |
| 0029 | OpenAI | images: HTTP 400 `{"error": {"message": "Incorrect API key provided: …", "code": null}}` |
| 0030 | OpenAI | images: HTTP 200 `{"created": …, "data": []}`: no image |
| 0031 | OpenAI | images: HTTP 200 whose `data[0]` has a `revised_prompt` but neither `b64_json` nor `url` |
| `<N>s` | Mureka | generation takes N s (default 30 s songs, 10 s instrumentals), capped at 300 s: a slow status |
| | | progression |
| `<N>s` | OpenAI | images take N s (default 2 s), capped at 300 s |
| key 0002 | OpenAI | `GET /v1/models` with the test number in the API key (a GET has no other text): 401 |
| | | `invalid_api_key` |
| key 0003 | OpenAI | `GET /v1/models`, key with 0003: 500 with an HTML page (as OpenAI's Cloudflare edge answers) |
| admin key | OpenAI | `GET /v1/organization/costs`, the test number in the admin key (`sk-admin-0016`): 0002 401 |
| | | `invalid_api_key`; 0003 500 with the edge's HTML page; 0005 HTTP **200** `{"error": {…server_error}}`; |
| | | 0006 answers after 3 s × time_scale; 0007 429 + `Retry-After: 1` once per exact query; 0008 429 |
| | | `insufficient_quota`; 0016 429 `rate_limit_exceeded` always, **no** Retry-After; 0028 400 with an HTML |
| | | auth page |
| model | Ollama | unknown model → 404 `model "x" not found, try pulling it first` |
| model | OpenAI | unknown model → 404 `model_not_found` |
| model | Mureka | only `auto` and `mureka-*` models; others → 400 |

Triggers not listed for an API (e.g. 0005, 0009 for Mureka; 0009 for Ollama; 0010 onwards for Ollama and
OpenAI chat; for OpenAI images 0010–0015, 0017–0023, 0025, 0026) have no effect there.
All durations are multiplied by `time_scale`. "Once" means: the first request with that exact body gets the
fault, every later identical request succeeds (memory is per app instance).

Mureka songs: every song choice carries `lyrics_sections` timed from the submitted lyrics (sections from
labels such as `[Verse]`, `[Chorus 2]` or `**Verse 1**`; an instrumental intro and outro, breaks between sections,
words as long as their syllables); the second choice leaves one line out (one sung only once), so a lyrics diff
has something to show. Instrumentals carry none. A choice's MP3 lasts as long as its `duration` says.

Auth: OpenAI and Mureka need `Authorization: Bearer <non-empty>` (401 otherwise); OpenAI's
`/v1/organization/costs` needs a key starting `sk-admin-` (401 "insufficient permissions … api.usage.read"
otherwise, as OpenAI answers a project key). Ollama has no auth.

Costs: daily buckets of a stable made-up history (day n since the epoch: every 3rd a `dall-e-3, hd, 1024x1024`
line of $0.08, every 4th a `gpt-image-1, image output` line of $0.042, every odd day `gpt-4o-2024-08-06, input`
$0.00549 and `…, output` $0.00454, days ≡ 2 mod 4 `text-embedding-3-small` $0.0002, every 5th a line with
`amount: null`, every 7th `gpt-4o-mini-2024-07-18, input` with the value as the string "0.00123"), only for days
that have begun, `limit` buckets a page with `has_more`/`next_page`; every result names `organization_id`.

Ollama context: the prompt is truncated to `options.num_ctx` (4096 when omitted, as the real server's
default; never more than the model's context length, 2048 for `tiny:1b`); a truncated prompt reports
`prompt_eval_count == num_ctx`.
"""

from aitestmock.app import create_app
from aitestmock.config import MockConfig

__all__ = ["MockConfig", "create_app"]
