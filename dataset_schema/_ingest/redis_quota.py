"""The quota store on Redis: one Lua script reads the limit and reserves atomically.

The package imports no Redis client: ``RedisQuotaStore`` takes any object with
redis-py's ``register_script`` or ``eval`` (redis-py's ``Redis``, or any client
that mimics it).  Redis runs a script without interleaving other
commands, so check and increment happen as one step even when many servers
share the database.  The three keys of one reservation must live on one node
(a plain Redis or a replica set; Redis Cluster would need them in one slot).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Sequence

from .quota import QuotaResult, check_count, check_limit, quota_keys

__all__ = ["RESERVE_SCRIPT", "RedisQuotaStore"]

# KEYS: limit, usage_total, usage_delta.  ARGV: count, default limit ("" = none).
# Returns {admitted (0/1), limit applied, usage_total before}.  A limit or usage
# value that is not a decimal integer is a configuration error: the script
# refuses it instead of guessing, and the client raises Redis's error.
RESERVE_SCRIPT = """\
local count = tonumber(ARGV[1])
local raw = redis.call('GET', KEYS[1])
local limit
if raw then
  if not string.match(raw, '^%-?%d+$') or tonumber(raw) < -1 then
    return redis.error_reply('quota limit at ' .. KEYS[1] .. ' is not an integer >= -1')
  end
  limit = tonumber(raw)
elseif ARGV[2] ~= '' then
  limit = tonumber(ARGV[2])
else
  limit = -1
end
local used = redis.call('GET', KEYS[2])
if used then
  if not string.match(used, '^%d+$') then
    return redis.error_reply('quota usage at ' .. KEYS[2] .. ' is not a non-negative integer')
  end
  used = tonumber(used)
else
  used = 0
end
if limit ~= -1 and used + count > limit then
  return {0, limit, used}
end
redis.call('INCRBY', KEYS[2], count)
redis.call('INCRBY', KEYS[3], count)
return {1, limit, used}
"""


class RedisQuotaStore:
    """A quota store on a Redis server shared by every ingest server.

    ``client`` is a redis-py-compatible client.  A user whose limit key is
    absent gets ``default_limit`` (``None``: unlimited).  Usage keys get no
    expiry here; whatever drains ``usage_delta`` owns their lifetime.
    """

    def __init__(self, client: Any, default_limit: int | None = None) -> None:
        self._client = client
        self._default = None if default_limit is None else check_limit(default_limit, "default_limit")
        self._run: Callable[[Sequence[str], Sequence[int | str]], Any]
        register = getattr(client, "register_script", None)
        if callable(register):
            # redis-py's Script sends EVALSHA and falls back to EVAL once per server.
            script = register(RESERVE_SCRIPT)
            self._run = lambda keys, args: script(keys=list(keys), args=list(args))
        elif callable(getattr(client, "eval", None)):
            self._run = lambda keys, args: client.eval(RESERVE_SCRIPT, len(keys), *keys, *args)
        else:
            raise TypeError(
                "client must be a redis-py-compatible client with register_script() or eval(), "
                f"got {type(client).__name__}"
            )

    @property
    def client(self) -> Any:
        return self._client

    @property
    def default_limit(self) -> int | None:
        return self._default

    def reserve(self, user_id: str, count: int, now: datetime) -> QuotaResult:
        keys = quota_keys(user_id, now)
        check_count(count)
        default = "" if self._default is None else str(self._default)
        reply = self._run(list(keys), [count, default])
        admitted, limit, used = (int(value) for value in reply)
        return QuotaResult(admitted == 1, limit, used, count, keys.period)
