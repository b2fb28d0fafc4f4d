-- wrk script for bench/ledger.py: every request a fresh record_id (thread id + counter),
-- one consent id per wrk thread; VERSION is replaced by the policy version in force.
local counter = 0
local tid = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 0
  math.randomseed(os.time() * 1000 + tid)
end
local function hex(n) local s = "" for i = 1, n do s = s .. string.format("%x", math.random(0, 15)) end return s end
local consent = hex(32)
local secret = hex(32)
local texts = hex(64)
request = function()
  counter = counter + 1
  local id = string.format("%s-%s-4%s-%x%s-%02x%010x", hex(8), hex(4), hex(3), math.random(8, 11), hex(3), tid, counter)
  local body = '{"record_id": "' .. id .. '", "consent_id": "' .. consent .. '", "secret": "' .. secret ..
    '", "mechanism": "custom", "purposes": {"functional": true, "audience": false, "support": true, ' ..
    '"social": false}, "services": {"youtube": true, "vimeo": false, "google-analytics": false, ' ..
    '"brevo": true, "linkedin": false}, "policy_version": "VERSION", "texts_hash": "' .. texts ..
    '", "language": "fr", "page_url": "https://www.site.test/cours/photographie?utm_source=newsletter", ' ..
    '"client_time": "2026-11-26T14:00:00.000Z", "gpc": false}'
  return wrk.format("POST", "/api/v1/consents", {["Content-Type"] = "application/json",
    ["Origin"] = "https://www.site.test", ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}, body)
end
