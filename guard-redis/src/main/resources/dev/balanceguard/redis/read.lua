-- read (reads only): KEYS reading. Returns {now, field, value, field, value, ...}.
local out = {clock()}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do
  out[#out + 1] = v
end
return out
