#!/usr/bin/env bash
# The TATA-box check of issue 18 on GUE prom_300_tata (docs/interpretability.md has the measured numbers):
# prepare the shipped data, train configs/tata_motifs.toml under mpirun (a tiny BERT from random initialisation,
# ISM and integrated gradients over 300 test windows), run `lnctrain motifs` for each method, and print where
# JASPAR MA0108 (TBP) ranks among each motif's three best matches with the motif's mean offset from the TSS
# (expected near -30). Nothing is asserted: it reports.
#   tests/reference/tata_motif_check.sh            (from anywhere; writes under work/, which git ignores)
#   environment: LNCTRAIN (./build/lnctrain)  NP (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
LNCTRAIN=${LNCTRAIN:-./build/lnctrain}
NP=${NP:-2}
[ -f .ci/mpi_env.sh ] && source .ci/mpi_env.sh
rm -rf work/tata_motifs.sqlite work/runs/tata_motifs work/tata_motifs_*
"$LNCTRAIN" prepare --config configs/datasets/gue_prom_300_tata.toml
mpirun -np "$NP" "$LNCTRAIN" train --grid configs/tata_motifs.toml
for method in ism integrated_gradients; do
  out=work/tata_motifs_$method
  mpirun -np "$NP" "$LNCTRAIN" motifs --store work/tata_motifs.sqlite --run 1 --method "$method" --out "$out"
  echo "== $method: motifs whose three best matches hold MA0108 (TBP)"
  awk -F'\t' 'NR == FNR { if (FNR > 1) offset[$1] = $10; next }
              FNR > 1 && $3 ~ /^MA0108/ { print "motif " $1 ": match rank " $2 ", " $3 " " $4 ", similarity " $5 \
              ", q " $7 "; motif mean offset from TSS " offset[$1] " bp" ; found = 1 }
              END { if (!found) print "none" }' "$out/motifs.tsv" "$out/matches.tsv"
done
