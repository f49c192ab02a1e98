"""Word-search puzzles made from glossary terms.

In: the terms, a seed, the directions allowed. Out: a `WordSearch`: a square
grid of letters and where each term lies. Placement is a seeded backtracking
search, so the same terms and seed always give the same grid, every term is
placed (or the grid grows until they fit) and terms cross only on equal letters.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

# (row step, column step): across, down, diagonal down-right, diagonal up-right.
ACROSS, DOWN, DIAGONAL, RISING = (0, 1), (1, 0), (1, 1), (-1, 1)
EASY = (ACROSS, DOWN)
HARDER = (ACROSS, DOWN, DIAGONAL, RISING)
MAX_TRIES = 400  # placements tried per word before the grid grows


@dataclass(frozen=True)
class Placement:
    term: str  # as shown in the word list
    letters: str  # what is hidden in the grid (upper case, no spaces or hyphens)
    row: int
    col: int
    step: tuple[int, int]

    def cells(self) -> list[tuple[int, int]]:
        return [(self.row + i * self.step[0], self.col + i * self.step[1]) for i in range(len(self.letters))]


@dataclass(frozen=True)
class WordSearch:
    grid: tuple[tuple[str, ...], ...]
    placements: tuple[Placement, ...]

    @property
    def size(self) -> int:
        return len(self.grid)

    @property
    def has_slants(self) -> bool:
        return any(p.step in (DIAGONAL, RISING) for p in self.placements)

    def reads(self, placement: Placement) -> str:
        return "".join(self.grid[r][c] for r, c in placement.cells())


def letters_of(term: str) -> str:
    return "".join(ch for ch in term.upper() if ch.isalpha())


def make_word_search(
    terms: list[str], seed: int, directions: tuple[tuple[int, int], ...] = HARDER
) -> WordSearch:
    words = sorted(terms, key=lambda t: -len(letters_of(t)))  # long words first fit best
    size = max(10, max((len(letters_of(t)) for t in words), default=0) + 1)
    while True:
        rng = random.Random(seed)
        placed = _place_all(words, size, directions, rng)
        if placed is not None:
            grid, placements = placed
            filler = string.ascii_uppercase
            rows = tuple(tuple(cell or rng.choice(filler) for cell in row) for row in grid)
            order = {t: i for i, t in enumerate(terms)}
            return WordSearch(rows, tuple(sorted(placements, key=lambda p: order[p.term])))
        size += 1


def _place_all(
    words: list[str], size: int, directions: tuple[tuple[int, int], ...], rng: random.Random
) -> tuple[list[list[str | None]], list[Placement]] | None:
    grid: list[list[str | None]] = [[None] * size for _ in range(size)]
    placements: list[Placement] = []
    for term in words:
        letters = letters_of(term)
        options = [
            (r, c, step)
            for step in directions
            for r in range(size)
            for c in range(size)
            if _fits(letters, r, c, step, size)
        ]
        rng.shuffle(options)
        for r, c, step in options[:MAX_TRIES]:
            cells = [(r + i * step[0], c + i * step[1]) for i in range(len(letters))]
            if all(grid[y][x] in (None, ch) for (y, x), ch in zip(cells, letters, strict=True)):
                for (y, x), ch in zip(cells, letters, strict=True):
                    grid[y][x] = ch
                placements.append(Placement(term, letters, r, c, step))
                break
        else:
            return None
    return grid, placements


def _fits(letters: str, row: int, col: int, step: tuple[int, int], size: int) -> bool:
    end_row = row + (len(letters) - 1) * step[0]
    end_col = col + (len(letters) - 1) * step[1]
    return 0 <= end_row < size and 0 <= end_col < size
