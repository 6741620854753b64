"""Per flattening family (file stem after "__"): cell accuracy, sure share (confidence ≥ 0.9), silent errors
(wrong and sure) and exact documents, compared as ../shared/tools/score.py does.

usage: python3 training/family_scores.py PRED_DIR GOLD_DIR   (run from the worktree; needs ../shared/tools)
"""
import json, sys, collections
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1].parent / 'shared' / 'tools'))
from canon import norm_path
from score import TABLES, num, same
pred, gold = Path(sys.argv[1]), Path(sys.argv[2])
st = collections.defaultdict(lambda: [0,0,0,0,0,0])  # cells right sure silent docs exact
for gf in sorted(gold.glob('*.gold.json')):
    stem = gf.name[:-10]; fam = stem.split('__')[1] if '__' in stem else 'seed'
    g = json.loads(gf.read_text()); pf = pred / f'{stem}.json'
    p = json.loads(pf.read_text()) if pf.exists() else {}
    s = st[fam]; s[4] += 1; exact = True
    for t in TABLES:
        pc = {(norm_path(c['row']), norm_path(c['col'])): (num(c.get('value')), c.get('confidence', 0)) for c in ((p.get('tables') or {}).get(t) or {}).get('cells') or []}
        for c in (g['tables'].get(t) or {}).get('cells') or []:
            v, conf = pc.get((norm_path(c['row']), norm_path(c['col'])), ('absent', 0))
            ok = v != 'absent' and same(v, num(c['value']))
            s[0] += 1; s[1] += ok; s[2] += conf >= 0.9; s[3] += (not ok) and conf >= 0.9; exact &= ok
    s[5] += exact
T = [0]*6
for f, s in sorted(st.items()):
    print(f"{f:24s} acc={s[1]/s[0]:.4f} sure={s[2]/s[0]:.3f} silent={s[3]} exact={s[5]}/{s[4]}")
    T = [a+b for a, b in zip(T, s)]
print(f"{'ALL':24s} acc={T[1]/T[0]:.4f} sure={T[2]/T[0]:.3f} silent={T[3]} ({T[3]/T[0]:.4%}) exact={T[5]}/{T[4]}")
