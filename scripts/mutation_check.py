"""Mutation check of docs/TRACE.md §4: break one mechanism at a time, see which tests notice.

Clones the repository's committed HEAD into a temporary folder (the working tree is never
touched), applies each mutation there in turn, runs the model's tests against the clone
(``PYTHONPATH`` points at it, so its ``ecosystem`` is the one imported), records the failing
tests, and restores the file before the next mutation. Run from the repository root::

    .venv/bin/python scripts/mutation_check.py            # every mutation (~10-40 min)
    .venv/bin/python scripts/mutation_check.py b c        # only those whose key starts so
    .venv/bin/python scripts/mutation_check.py --keep DIR # clone into DIR and keep it

Exit status 0 when every mutation was caught by at least one test and the unmutated clone
passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The model's tests (the front end's and the experiments' tests do not test mechanisms).
SUITE = (
    "tests",
    "--ignore=tests/viz",
    "--ignore=tests/experiments",
    "--ignore=tests/test_quality.py",
    # it checks the table itself: every mutation would "fail" it
    "--ignore=tests/test_mutation_table.py",
)

#: key: (what is broken, file, original text, mutated text). Each original occurs once.
MUTATIONS: dict[str, tuple[str, str, str, str]] = {
    "a_wright_sign": (
        "Wright's law exponent sign flipped: output widens the gap",
        "ecosystem/mechanisms/knowhow.py",
        "    return (after / before) ** math.log2(1.0 - learning_rate)",
        "    return (after / before) ** -math.log2(1.0 - learning_rate)",
    ),
    "b_promotion_without_trainers": (
        "promotions without trainers: with none, every worker trains anyway",
        "ecosystem/mechanisms/workforce.py",
        "    if trainers <= 0.0:\n        return 0.0, 0.0\n",
        "    if trainers <= 0.0:\n        trainers = novices + trained\n",
    ),
    "c_ledger_credit_only": (
        "a ledger transfer credits the target without debiting the source",
        "ecosystem/ledger.py",
        "        self.balances[source] -= amount_cr\n",
        "        pass\n",
    ),
    "d_oxide_ignores_yield": (
        "oxide intensity ignores process yield (always the frontier yield's)",
        "ecosystem/mechanisms/production.py",
        "        * g(process_yield_, recycled_share)\n",
        "        * g(frontier_yield, recycled_share)\n",
    ),
    "e_sli_no_sales_cap": (
        "SLI without the cap at 40% of net sales",
        "ecosystem/mechanisms/incentives.py",
        "    return max2(0.0, min(due, cap_share * net_sales_cr, firm_remaining_cr, "
        "pool_remaining_cr))",
        "    return max2(0.0, min(due, firm_remaining_cr, pool_remaining_cr))",
    ),
    "f_poaching_keeps_knowhow": (
        "poached experts take no know-how with them",
        "ecosystem/mechanisms/knowhow.py",
        "    return loss_share * knowhow * min2(1.0, experts_lost / experts_before)",
        "    return 0.0",
    ),
    "g_no_industry_diffusion": (
        "industry-wide diffusion toward the best firm switched off in the firm's learning",
        "ecosystem/agents/manufacturer.py",
        "            knowhow.spillover(self.knowhow, m.best_domestic_knowhow, p.diffusion_rate) "
        "* absorb\n",
        "            0.0\n",
    ),
    "i_finance_no_parent_support": (
        "a shortfall is never met by the parent group's support",
        "ecosystem/agents/accounts.py",
        "        support = min2(shortfall, self.support_left_cr)\n",
        "        support = 0.0\n",
    ),
    "j_credit_line_unlimited": (
        "the bank's credit line has no limit",
        "ecosystem/agents/accounts.py",
        "        credit = min2(shortfall, max2(0.0, limit - self.credit_used_cr))\n",
        "        credit = shortfall\n",
    ),
    "k_never_insolvent": (
        "a firm rescued by the bank is never insolvent (so never exits for it)",
        "ecosystem/agents/accounts.py",
        "            self.insolvent = rescue > CASH_TOLERANCE_CR\n",
        "            self.insolvent = False\n",
    ),
    "l_losses_never_counted": (
        "operating losses are never counted towards exit",
        "ecosystem/agents/accounts.py",
        "            self.loss_months += 1\n",
        "            self.loss_months += 0\n",
    ),
    "m_expansion_ignores_demand": (
        "a firm expands without unmet or imported demand to serve",
        "ecosystem/agents/accounts.py",
        "            and m.unmet_or_imported_t > p.bid_capacity_min_t\n",
        "            and True\n",
    ),
    "n_wages_unpaid": (
        "wages are never paid at settlement",
        "ecosystem/agents/accounts.py",
        '        ledger.transfer(self.account, "workers", wages, "wages")\n',
        "        pass\n",
    ),
    "h_twin_tender_not_fixed": (
        "simulate(twin=True) lets the twin run its own tender",
        "ecosystem/result.py",
        "            tender=model.government.outcome,\n",
        "            tender=None,\n",
    ),
    "o_price_no_reversion": (
        "the oxide price path does not revert to its long-run level (a random walk)",
        "ecosystem/mechanisms/price_path.py",
        "        dev = phi * dev + step_sd * float(e)\n",
        "        dev = dev + step_sd * float(e)\n",
    ),
    "p_price_stream_not_the_seeds": (
        "the exogenous price stream is not drawn from the run's seed (the twin sees another path)",
        "ecosystem/mechanisms/price_path.py",
        "    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1, stream)))\n",
        "    return np.random.default_rng(np.random.SeedSequence(None, spawn_key=(1, stream)))\n",
    ),
    "q_backlog_clears_at_once": (
        "the licence backlog clears in one month: supply jumps back when controls end",
        "ecosystem/mechanisms/shocks.py",
        "    nxt = flow + clear_rate * (target - flow)\n",
        "    nxt = target\n",
    ),
    "r_no_buyer_cover": (
        "buyers never draw on their own inventory in a shortage",
        "ecosystem/market_clearing.py",
        "    drawn = shocks.draw_cover(imp.buyer_stock_t, out.unmet_t)\n",
        "    drawn = 0.0\n",
    ),
    "s_bid_construction_literal": (
        "make_bid expects a construction time of its own (the old literal 0.5 relief, no size)",
        "ecosystem/agents/bidding.py",
        "            + self.construction_months(sized, partner=p.foreign_partners_allowed)\n",
        "            + p.construction_base_months\n"
        "            * (1.0 + p.construction_gap_factor * self.gap * 0.5)\n",
    ),
    "t_startup_without_operation": (
        "a plant matures whether or not it runs (start-up as a curve of time)",
        "ecosystem/mechanisms/startup.py",
        "    o = min2(1.0, max2(0.0, operation))\n",
        "    o = 1.0\n",
    ),
    "u_startup_ignores_knowhow": (
        "a new plant's starting maturity ignores the firm's know-how",
        "ecosystem/mechanisms/startup.py",
        "    k = min2(1.0, max2(0.0, knowhow))\n",
        "    k = 1.0\n",
    ),
    "v_construction_ignores_size": (
        "construction time does not depend on plant size",
        "ecosystem/mechanisms/production.py",
        "    sized = base_months * size**size_exponent\n",
        "    sized = base_months\n",
    ),
    "w_absorption_without_people": (
        "absorptive capacity ignores whether anyone is employed",
        "ecosystem/mechanisms/knowhow.py",
        "    people = min2(1.0, max2(0.0, staffed))\n",
        "    people = 1.0\n",
    ),
    "x_qualification_one_jump": (
        "buyers move all their volume to a newly qualified supplier at once",
        "ecosystem/mechanisms/qualification.py",
        "    step = math.ceil(steps * (months_qualified + 1) / ramp_months - 1e-9)\n",
        "    step = steps\n",
    ),
    "z_trained_crew_never_debugs": (
        "a start-up's engineering effort ignores the trained crew (only experts debug)",
        "ecosystem/mechanisms/startup.py",
        "    people = max2(0.0, experts) + max2(0.0, trained_weight) * max2(0.0, trained)\n",
        "    people = max2(0.0, experts)\n",
    ),
    "za_heavy_re_on_off": (
        "heavy rare earths limit high-grade output only when cut to zero (a switch)",
        "ecosystem/market_clearing.py",
        "        cap = heavy if heavy_cut and seg.needs_high_grade else None\n",
        "        cap = None\n",
    ),
    "zb_feed_expected_at_the_floor": (
        "a firm's expected unit cost prices oxide at the ex-China floor, not at what it would pay",
        "ecosystem/agents/manufacturer.py",
        "                m.imports.expected_feed_usd_per_kg, p.fx_inr_per_usd, intensity\n",
        "                p.exchina_oxide_floor_usd_per_kg, p.fx_inr_per_usd, intensity\n",
    ),
    "zc_buyers_share_domestic_take_pro_rata": (
        "buyers' domestic take is shared pro rata to offers instead of best offer first",
        "ecosystem/market_clearing.py",
        "    sold = mk.merit_order_sales(demand_t, takes, offers)\n",
        "    sold = mk.merit_order_sales(demand_t, [max([0.0, *takes])] * len(takes), offers)\n",
    ),
    "zd_losses_count_while_building": (
        "operating losses count toward exit while a committed plant is still being built",
        "ecosystem/agents/accounts.py",
        "            and all(pl.installed for pl in self.plants)\n"
        "        ):\n"
        "            self.loss_months += 1",
        "        ):\n            self.loss_months += 1",
    ),
    "y_bid_ignores_partner_prospect": (
        "a bidder's expected gap closure ignores whether a partner would take it",
        "ecosystem/mechanisms/knowhow.py",
        "    closure = own + (partner_weight if partner_prospect else 0.0)\n",
        "    closure = own + partner_weight\n",
    ),
    "ra_switch_run_decides_exits": (
        "a switch run decides its own exits and expansions instead of replaying the run's",
        "ecosystem/agents/accounts.py",
        "        replay = m.fixed_decisions\n",
        "        replay = None\n",
    ),
    "rb_lab_research_ignores_researchers": (
        "a public lab's research effort ignores its researchers (a constant 20, as before)",
        "ecosystem/mechanisms/research.py",
        "    n, f = max2(0.0, researchers), max2(0.0, funding_cr_per_yr)\n",
        "    n, f = 20.0, max2(0.0, funding_cr_per_yr)\n",
    ),
}


def run_tests(clone: Path) -> tuple[int, list[str], str, float]:
    """The model's tests against the clone: exit code, failing test ids, last line, seconds."""
    shutil.rmtree(clone / ".hypothesis", ignore_errors=True)  # no examples carried over
    env = {**os.environ, "PYTHONPATH": str(clone)}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", "--tb=line"]
        + (["-n", "2"] if _has_xdist() else [])
        + list(SUITE),
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", proc.stdout, re.MULTILINE)
    lines = proc.stdout.strip().splitlines()
    return proc.returncode, failed, lines[-1] if lines else proc.stderr.strip()[-300:], seconds


def _has_xdist() -> bool:
    return importlib.util.find_spec("xdist") is not None


def mutate(clone: Path, key: str) -> tuple[int, list[str], str, float]:
    """Apply one mutation, run the tests, restore the file."""
    _, file, original, mutated = MUTATIONS[key]
    path = clone / file
    text = path.read_text(encoding="utf-8")
    if text.count(original) != 1:
        raise SystemExit(f"{key}: the original text is not found once in {file}; update it")
    path.write_text(text.replace(original, mutated), encoding="utf-8")
    try:
        return run_tests(clone)
    finally:
        subprocess.run(["git", "checkout", "--", file], cwd=clone, check=True)


def main(argv: list[str] | None = None) -> int:
    """Run the check and print, per mutation, the tests that caught it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="mutation keys (or their first letters)")
    parser.add_argument("--keep", type=Path, help="clone into this (new) folder and keep it")
    args = parser.parse_args(argv)
    keys = [k for k in MUTATIONS if not args.only or any(k.startswith(o) for o in args.only)]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mutation-"))
    clone = folder / "repo" if args.keep is None else folder
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True
    ).stdout.strip()
    print(f"clone of {commit} in {clone}")
    ok = True
    try:
        code, failed, last, seconds = run_tests(clone)
        print(f"== unmutated: exit {code}, {seconds:.0f} s :: {last}")
        for test in failed:
            print(f"     {test}")
        ok = code == 0
        for key in keys:
            code, failed, last, seconds = mutate(clone, key)
            caught = code != 0 and bool(failed)
            ok = ok and caught
            verdict = f"caught by {len(failed)}" if caught else "SURVIVED"
            print(f"== {key}: {MUTATIONS[key][0]}: {verdict} ({seconds:.0f} s) :: {last}")
            for test in failed:
                print(f"     {test}")
            sys.stdout.flush()
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
