"""The quota store on Redis: Lua scripts that reserve atomically, idempotently, exactly.

The package imports no Redis client: ``RedisQuotaStore`` takes any object with
redis-py's ``register_script`` or ``eval`` (redis-py's ``Redis``, or any client
that mimics it).  Redis runs a script without interleaving other commands, so
check and increment happen as one step even when many servers share the
database.  The keys of one reservation must live on one node (a plain Redis or
a replica set; Redis Cluster would need them in one slot).

What can go wrong, and why the count stays exact (docs/ingest.md, "Faults"):

- A Lua error does not roll back earlier writes, so the script checks every
  key's type and value *before* its first write.
- A client that times out may send the script again (redis-py retries by
  default) while the first call still runs.  Each reservation carries a token;
  the first run stores its answer under ``quota_request:datasets:<userId>:<token>``
  (this library's key, beside the seed's three) and a repeated run returns that
  answer instead of counting again.
- A call that fails for good may still run on the server later (it sat in a
  stalled server's buffer).  The store then sends a cancel with the same token:
  it undoes a reservation that ran, or leaves a tombstone that stops one that
  has not.  A cancel that cannot be sent is kept and sent before the next
  reservation (or by ``settle()``).
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from typing import Any, Callable, Sequence

from .._errors import QuotaUnavailable
from .quota import QuotaResult, check_count, check_limit, quota_keys

__all__ = ["CANCEL_SCRIPT", "RESERVE_SCRIPT", "RedisQuotaStore", "request_key"]

# Shared by both scripts: read a key as a bounded decimal integer, or say why not.
# Returns (value or nil, error or nil); nothing is written here.
_READ = """\
local MAX = 9007199254740991
local function read(key, pattern, low, what)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'none' then return nil, nil end
  if kind ~= 'string' then return nil, what .. ' at ' .. key .. ' is a ' .. kind .. ', not an integer' end
  local raw = redis.call('GET', key)
  local n = string.match(raw, pattern) and #raw <= 20 and tonumber(raw)
  if not n or n < low or n > MAX then
    return nil, what .. ' at ' .. key .. ' is not an integer from ' .. low .. ' to 2**53-1'
  end
  return n, nil
end
local function usage(keys)
  local total, e1 = read(keys[2], '^%d+$', 0, 'quota usage')
  if e1 then return nil, nil, e1 end
  local delta, e2 = read(keys[3], '^%-?%d+$', -MAX, 'quota usage')
  return total or 0, delta or 0, e2
end
"""

# KEYS: limit, usage_total, usage_delta, request token.  ARGV: count, default limit
# ("" = none), token lifetime in seconds.  Returns {admitted (0/1), limit, used
# before}, or {-1, 0, 0} when this token was cancelled.
RESERVE_SCRIPT = _READ + """\
local seen = redis.call('GET', KEYS[4])
if seen == 'cancelled' then return {-1, 0, 0} end
if seen then
  local l, u = string.match(seen, '^1:(%-?%d+):(%d+)$')
  return {1, tonumber(l), tonumber(u)}
end
local count = tonumber(ARGV[1])
local limit, err = read(KEYS[1], '^%-?%d+$', -1, 'quota limit')
if err then return redis.error_reply(err) end
if not limit then limit = ARGV[2] ~= '' and tonumber(ARGV[2]) or -1 end
local used, delta, err2 = usage(KEYS)
if err2 then return redis.error_reply(err2) end
if limit ~= -1 and used + count > limit then return {0, limit, used} end
if used + count > MAX or delta + count > MAX then
  return redis.error_reply('quota usage at ' .. KEYS[2] .. ' would pass 2**53-1')
end
redis.call('INCRBY', KEYS[2], count)
redis.call('INCRBY', KEYS[3], count)
redis.call('SET', KEYS[4], '1:' .. limit .. ':' .. used, 'EX', ARGV[3])
return {1, limit, used}
"""

# KEYS: as above.  ARGV: count, token lifetime.  Undoes the token's reservation if
# it ran and was admitted; otherwise leaves a tombstone so a late run counts nothing.
CANCEL_SCRIPT = _READ + """\
local seen = redis.call('GET', KEYS[4])
if seen == 'cancelled' then return 0 end
if seen and string.sub(seen, 1, 2) == '1:' then
  local used, delta, err = usage(KEYS)
  if err then return redis.error_reply(err) end
  redis.call('DECRBY', KEYS[2], ARGV[1])
  redis.call('DECRBY', KEYS[3], ARGV[1])
end
redis.call('SET', KEYS[4], 'cancelled', 'EX', ARGV[2])
return 1
"""

#: How many unsent cancels a store keeps before it drops the oldest.
MAX_PENDING = 10_000

_Run = Callable[[Sequence[str], Sequence[int | str]], Any]


def request_key(user_id: str, token: str) -> str:
    """This library's fourth key: the answer of one reservation, for its repeats."""
    return f"quota_request:datasets:{user_id}:{token}"


def _runner(client: Any, source: str) -> _Run:
    register = getattr(client, "register_script", None)
    if callable(register):
        # redis-py's Script sends EVALSHA and reloads the script after NOSCRIPT; a second
        # SCRIPT FLUSH between that load and its EVALSHA is answered by EVAL of the source.
        script = register(source)

        def run(keys: Sequence[str], args: Sequence[int | str]) -> Any:
            try:
                return script(keys=list(keys), args=list(args))
            except Exception as err:
                if type(err).__name__ != "NoScriptError":
                    raise
                return client.eval(source, len(keys), *keys, *args)

        return run
    if callable(getattr(client, "eval", None)):
        return lambda keys, args: client.eval(source, len(keys), *keys, *args)
    raise TypeError(
        "client must be a redis-py-compatible client with register_script() or eval(), "
        f"got {type(client).__name__}"
    )


def _figures(reply: Any) -> tuple[int, int, int]:
    """The script's three integers; anything else is a store failure."""
    if not isinstance(reply, (list, tuple)) or len(reply) != 3:
        raise ValueError(f"unexpected quota script reply {reply!r}")
    admitted, limit, used = (int(value) for value in reply)
    if admitted == -1:
        raise ValueError("this reservation was cancelled after a failure")
    return admitted, limit, used


class RedisQuotaStore:
    """A quota store on a Redis server shared by every ingest server.

    ``client`` is a redis-py-compatible client; give it a ``socket_timeout`` so
    a stalled server becomes a ``QuotaUnavailable`` instead of a hung request.
    A user whose limit key is absent gets ``default_limit`` (``None``:
    unlimited).  ``token_ttl`` is how long (seconds) a reservation's answer is
    kept for repeats and cancels.  Usage keys get no expiry here; whatever
    drains ``usage_delta`` owns their lifetime.
    """

    def __init__(self, client: Any, default_limit: int | None = None, *, token_ttl: int = 600) -> None:
        self._client = client
        self._default = None if default_limit is None else check_limit(default_limit, "default_limit")
        if not isinstance(token_ttl, int) or isinstance(token_ttl, bool) or token_ttl < 1:
            raise ValueError(f"token_ttl must be a positive int (seconds), got {token_ttl!r}")
        self._ttl = token_ttl
        self._reserve = _runner(client, RESERVE_SCRIPT)
        self._cancel = _runner(client, CANCEL_SCRIPT)
        self._pending: list[tuple[list[str], int]] = []
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        return self._client

    @property
    def default_limit(self) -> int | None:
        return self._default

    @property
    def pending(self) -> int:
        """Cancels not yet delivered (each sent again before the next reservation)."""
        with self._lock:
            return len(self._pending)

    def set_limit(self, user_id: str, limit: int | None) -> None:
        """Set (or with ``None`` remove) ``user_id``'s monthly limit, refused past 2**53-1."""
        key = quota_keys(user_id).limit
        if limit is None:
            self._client.delete(key)
        else:
            self._client.set(key, check_limit(limit))

    def reserve(self, user_id: str, count: int, now: datetime) -> QuotaResult:
        keys = quota_keys(user_id, now)
        check_count(count)
        self.settle()
        all_keys = [*keys, request_key(user_id, uuid.uuid4().hex)]
        default = "" if self._default is None else str(self._default)
        try:
            admitted, limit, used = _figures(self._reserve(all_keys, [count, default, self._ttl]))
        except Exception as err:
            # Whatever failed, the script may have run (or may run later): undo it.
            self._send_cancel(all_keys, count)
            raise QuotaUnavailable() from err
        return QuotaResult(admitted == 1, limit, used, count, keys.period)

    def settle(self) -> int:
        """Send the cancels that failed earlier; returns how many are still pending.

        Stops at the first that fails, so a server still down costs one round
        trip per call, not one per pending cancel.
        """
        while True:
            with self._lock:
                if not self._pending:
                    return 0
                keys, count = self._pending.pop(0)
            if not self._send_cancel(keys, count):
                return self.pending

    def _send_cancel(self, keys: list[str], count: int) -> bool:
        try:
            self._cancel(keys, [count, self._ttl])
            return True
        except Exception:
            with self._lock:
                self._pending.append((keys, count))
                del self._pending[:-MAX_PENDING]
            return False

