"""MinHash signatures of word 3-shingles, value for value datasketch's (SHA-1 of each shingle,
MurmurHash3 finaliser, the "affine32" permutations of seed 1), computed with NumPy without importing
datasketch (which pulls in scipy), and the LSH band keys of the near-duplicate index.

Caches, per process and bounded: word numbers and shingle hashes (news repeats phrases)."""

from __future__ import annotations

import hashlib
import os
import re
import struct
import sys
from functools import lru_cache
from itertools import repeat

NUM_PERM = 128
MINHASH_SEED = 1
# MinHash LSH banding: two articles are compared when one band of LSH_ROWS consecutive signature
# values is equal (datasketch.MinHashLSH(threshold=0.5, num_perm=128) picks b=25, r=5).
LSH_BANDS, LSH_ROWS = 25, 5
# datasketch.LeanMinHash serialisation of an "affine32" signature: seed, -num_perm, scheme code 1,
# padding to 4 bytes, then the values (native byte order), as the articles.minhash column stores it
_SIG_HEADER = struct.pack("@qiB", MINHASH_SEED, -NUM_PERM, 1)
_SIG_OFFSET = struct.calcsize("@qiB0I")
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 3) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def prepare_minhash() -> None:
    """Import NumPy and draw the permutations now, in the process that will fork the workers (which
    then inherit both instead of each importing NumPy). NumPy's BLAS thread pool is not started:
    steppe uses no BLAS, and its threads spin on start-up, taking CPU from the workers."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _affine()


@lru_cache(maxsize=1)
def _permutations():
    """datasketch's "affine32" permutations for seed 1, drawn once per process (same values)."""
    import numpy as np

    gen = np.random.RandomState(MINHASH_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


@lru_cache(maxsize=1)
def _affine():
    """The permutations as columns (a, b), for one product per permutation and shingle."""
    a, b = _permutations()
    return a.reshape(-1, 1).copy(), b.reshape(-1, 1).copy()


# Per process, bounded (news repeats phrases): each word seen gets a small number, and each 3-shingle,
# as the three numbers of its words in one integer, its SHA-1 hash. Both are emptied together (a
# shingle's key is made of word numbers) when either is full.
_WORD_IDS: dict[str, int] = {}
_GRAM_HASHES: dict[int, int] = {}
GRAM_CACHE = 100_000
WORD_CACHE = 1 << 20  # word numbers stay below 2**21: three fit in 63 bits


def _sha1_32(gram: str) -> int:
    """datasketch's sha1_hash32 of a shingle (its words joined by a space)."""
    return int.from_bytes(hashlib.sha1(gram.encode()).digest()[:4], "little")


def _cached(keys: list, cache: dict, make):
    """cache[key] of each key, as an int64 array: the look-ups run in C (a miss reads as -1), and
    Python code only for the misses, each cache[key] = make(its position) (once per distinct key)."""
    import numpy as np

    out = np.fromiter(map(cache.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
    for i in np.flatnonzero(out < 0).tolist():
        key = keys[i]
        value = cache.get(key)  # the same key earlier in this text
        if value is None:
            value = cache[key] = make(i)
        out[i] = value
    return out


def _shingle_hashes(words: list[str]):
    """The SHA-1 hashes (uint32) of the word 3-shingles, in order (duplicates included). The cache
    look-ups run in C (a miss reads as -1); Python code runs only for the words and shingles missed."""
    import numpy as np

    n = len(words)
    if n < 3:
        return np.array([_sha1_32(" ".join(words))], dtype=np.uint32)
    if n > WORD_CACHE:  # pragma: no cover - an article of over a million words
        return np.array([_sha1_32(" ".join(words[i:i + 3])) for i in range(n - 2)], dtype=np.uint32)
    ids_of, cache = _WORD_IDS, _GRAM_HASHES
    if len(cache) > GRAM_CACHE or len(ids_of) + n > WORD_CACHE:
        ids_of.clear()
        cache.clear()
    ids = _cached(words, ids_of, lambda i: len(ids_of))  # a new word: the next number
    keys = ((ids[:-2] << 42) | (ids[1:-1] << 21) | ids[2:]).tolist()
    hashes = _cached(keys, cache, lambda i: _sha1_32(" ".join(words[i:i + 3])))
    return hashes.astype(np.uint32)


MINHASH_BLOCK = 4096  # shingles permuted at once: a (NUM_PERM, MINHASH_BLOCK) uint32 buffer, 2 MiB
_BUFFER: list = []  # that buffer, made once per process (not one new array per article)


def _whole(low: str):
    """The MinHash of a lowered text from all its words at once."""
    return _minima(_WORD.findall(low))


def _minima(words: list[str]):
    """The minimum of each permutation over the shingles of these words."""
    import numpy as np

    # duplicate shingles change no minimum: no set needed
    hv = _finalised(_shingle_hashes(words))
    a, b = _affine()
    if not _BUFFER or _BUFFER[0].shape[1] != MINHASH_BLOCK:
        _BUFFER[:] = [np.empty((NUM_PERM, MINHASH_BLOCK), dtype=np.uint32)]
    buf = _BUFFER[0]
    out = None
    for lo in range(0, hv.size, MINHASH_BLOCK):  # one block but for the longest texts
        part = hv[lo:lo + MINHASH_BLOCK]
        m = buf[:, :part.size]
        np.multiply(a, part, out=m)
        m += b
        low_ = m.min(axis=1)
        out = low_ if out is None else np.minimum(out, low_, out=out)
    return out


def _finalised(hv):
    """MurmurHash3's finaliser over the SHA-1 hashes (in place), as datasketch applies it."""
    import numpy as np

    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return hv


def minhash_values(text: str):
    """The MinHash of the text's word 3-shingles: the values datasketch.MinHash(num_perm=128) gives
    after update_batch(shingles(text)) (SHA-1 hash, MurmurHash3 finaliser, affine permutations).
    (Caching the minima of repeated sentences was tried and dropped: it paid only on the bench
    corpus, made of 56 articles' sentences, and cost a tenth more on text that repeats nothing.)"""
    return _whole(text.lower())


def signature(text: str) -> bytes:
    """The serialised MinHash of a text, as stored in articles.minhash (datasketch LeanMinHash bytes)."""
    return _SIG_HEADER.ljust(_SIG_OFFSET, b"\0") + minhash_values(text).astype("=u4").tobytes()


def signature_values(blob: bytes):
    import numpy as np

    return np.frombuffer(blob, dtype="=u4", offset=_SIG_OFFSET, count=NUM_PERM)


def band_keys(values) -> list[int]:
    """One 64-bit key per LSH band (signed, for a BIGINT column); equal bands give equal keys."""
    import numpy as np

    v = values[:LSH_BANDS * LSH_ROWS].reshape(LSH_BANDS, LSH_ROWS).astype(np.uint64)
    key = v[:, 0] | (v[:, 1] << np.uint64(32))
    key ^= (v[:, 2] | (v[:, 3] << np.uint64(32))) * np.uint64(0x9E3779B97F4A7C15)
    key ^= v[:, 4] * np.uint64(0xC2B2AE3D27D4EB4F)
    return key.view(np.int64).tolist()


def share_band(a, b) -> bool:
    """Whether two signatures collide in one LSH band (what makes them candidates)."""
    n = LSH_BANDS * LSH_ROWS
    return bool((a[:n] == b[:n]).reshape(LSH_BANDS, LSH_ROWS).all(axis=1).any())


def jaccard(a, b) -> float:
    """Estimated Jaccard index of two signatures (datasketch's MinHash.jaccard)."""
    import numpy as np

    return float(np.count_nonzero(a == b)) / float(NUM_PERM)


def minhash_of(text: str):
    """A datasketch MinHash of the text (the permutations drawn once per process)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=minhash_values(text),
                   permutations=_permutations(), scheme="affine32")
