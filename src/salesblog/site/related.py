""""More on this topic": for every post, the posts that share most of its tags, then most of its
rare title and summary words, then are newest.

Computed once per build from two inverted indexes (tag -> posts, rare word -> posts), never by
comparing every pair: a post looks only at the posts near it in time within each of its tags
(TAG_WINDOW on either side) and at the posts sharing one of its rarest words (a word in more
than RARE_SHARE of the posts is not rare). At 10,000 posts that is a few hundred candidates each.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from salesblog.slugs import slugify

RELATED_MAX = 5
RELATED_MIN = 3  # fewer related posts are topped up with the posts nearest in time
TAG_WINDOW = 25
WORDS_PER_POST = 6
RARE_SHARE = 0.005
_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON = frozenset("""about after again also always because been before being between both could
does doing down during each from have having here into just more most much must only other over
same should some such than that their them then there these they this those through under until
very what when where which while will with would your yours you're it's""".split())


@dataclass
class RelatedInput:
    """What ranking needs of a post; posts are given newest first."""

    tags: Sequence[str]
    text: str  # title and summary


def related_posts(posts: Sequence[RelatedInput]) -> list[list[int]]:
    """For each post (by index), the indexes of its 3-5 related posts, best first."""
    count = len(posts)
    tag_members, tag_positions = _tag_index(posts)
    words = [_words(p.text) for p in posts]
    frequency = Counter(word for found in words for word in found)
    rare_limit = max(2, int(count * RARE_SHARE))
    weight = {w: math.log(count / f) for w, f in frequency.items() if 2 <= f <= rare_limit}
    word_members: dict[str, list[int]] = {}
    rare_words = []
    for index, found in enumerate(words):
        rarest = heapq.nlargest(WORDS_PER_POST, (w for w in found if w in weight),
                                key=lambda w: (weight[w], w))
        rare_words.append(rarest)
        for word in rarest:
            word_members.setdefault(word, []).append(index)
    result = []
    for index in range(count):
        shared_tags: Counter[int] = Counter()
        for tag, position in tag_positions[index].items():
            members = tag_members[tag]
            shared_tags.update(members[max(0, position - TAG_WINDOW):position + TAG_WINDOW + 1])
        similarity: Counter[int] = Counter()
        for word in rare_words[index]:
            for other in word_members[word]:
                similarity[other] += weight[word]
        shared_tags.pop(index, None)
        similarity.pop(index, None)
        best = _best(shared_tags, similarity)
        result.append(best if len(best) >= RELATED_MIN else _top_up(best, index, count))
    return result


def _best(shared_tags: Counter[int], similarity: Counter[int]) -> list[int]:
    """The RELATED_MAX best candidates by (shared tags, similarity, recency), ranked bucket by
    bucket of shared tags: most candidates share one tag and no rare word, and those need no
    key at all (a lower index is a newer post)."""
    buckets: dict[int, list[int]] = {}
    for other, shared in shared_tags.items():
        buckets.setdefault(shared, []).append(other)
    buckets.setdefault(0, []).extend(j for j in similarity if j not in shared_tags)
    best: list[int] = []
    for shared in sorted(buckets, reverse=True):
        bucket = buckets[shared]
        similar = [j for j in bucket if j in similarity]
        best += heapq.nsmallest(RELATED_MAX - len(best), similar, key=lambda j: (-similarity[j], j))
        if len(best) < RELATED_MAX:
            best += heapq.nsmallest(RELATED_MAX - len(best), (j for j in bucket if j not in similarity))
        if len(best) >= RELATED_MAX:
            break
    return best


def _tag_index(posts: Sequence[RelatedInput]) -> tuple[dict[str, list[int]], list[dict[str, int]]]:
    """tag -> its posts newest first; and for each post, its position in each of its tags."""
    members: dict[str, list[int]] = {}
    positions = []
    for index, post in enumerate(posts):
        mine = {}
        for tag in {slugify(t) for t in post.tags}:
            found = members.setdefault(tag, [])
            mine[tag] = len(found)
            found.append(index)
        positions.append(mine)
    return members, positions


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def _top_up(best: list[int], index: int, count: int) -> list[int]:
    """`best`, completed to RELATED_MIN with the posts nearest in time (newer one first)."""
    chosen = list(best)
    for distance in range(1, count):
        for other in (index - distance, index + distance):
            if len(chosen) >= RELATED_MIN:
                return chosen
            if 0 <= other < count and other not in chosen:
                chosen.append(other)
    return chosen
