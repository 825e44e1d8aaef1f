#!/usr/bin/env bash
# Check out the measurement corpora (Python sources and notebooks only) from the snapshots that
# the `fetch` tool left under /work/.mirror, at the pinned commits listed in tools/measure/corpus.md.
# Usage: tools/measure/checkout_corpus.sh [NAME ...]   (no NAME: all of them)
# The code lands in /work/repos/<name>; it is never committed to tf1lint.
set -euo pipefail
MIRROR=${MIRROR:-/work/.mirror}
DEST=${DEST:-/work/repos}

# name  owner+repo  commit  set
CORPUS='
SSD-Tensorflow         balancap+SSD-Tensorflow                          e0e3104d3a2cc5d830fad041d4e56ebcf84caac3 tuning
TensorFlow-Examples    aymericdamien+TensorFlow-Examples                6dcbe14649163814e72a22a999f20c5e247ce988 tuning
baselines              openai+baselines                                 ea25b9e8b234e6ee1bca43083f8f3cf974143998 tuning
bert                   google-research+bert                             eedf5716ce1268e56f0a50264a88cafad334ac61 tuning
cnn-text               dennybritz+cnn-text-classification-tf            18762b459e21d9c70e5c242f8d43fc4e6db37a0d tuning
facenet                davidsandberg+facenet                            096ed770f163957c1e56efa7feeb194773920f6e tuning
gpt-2                  openai+gpt-2                                     9b63575ef42771a015060c964af2c3da4cf7c8ab tuning
nmt                    tensorflow+nmt                                   0be864257a76c151eef20ea689755f08bc1faf4e tuning
tensor2tensor          tensorflow+tensor2tensor                         6f7a221534e7550c8f57020f1c32c65c115fe0e3 tuning
gcn                    tkipf+gcn                                        39a4089fe72ad9f055ed6fdb9746abdcfebc4d81 heldout-old
glow                   openai+glow                                      91b2c577a5c110b2b38761fc56d81f7d87f077c1 heldout-old
pix2pix                affinelayer+pix2pix-tensorflow                   0f2174424356162920fc25067e63db2bcf19f4e7 heldout-old
DeepLearningZeroToAll  hunkim+DeepLearningZeroToAll                     60c707e02af7bd950401faeadcc6c0e1b39b2978 heldout-old
magenta                magenta+magenta                                  fc7fcf937ce30068a33766660d40fd12e597ea83 heldout-old
seq2seq                google+seq2seq                                   7f485894d412e8d81ce0e07977831865e44309ce heldout-old
addons                 tensorflow+addons                                d208d752e98c310280938efa939117bf635a60a8 tf2
docs                   tensorflow+docs                                  7c3650212740204359d4ceae481abc79345541be tf2
recommenders           tensorflow+recommenders                          cf1dafa988f223ed5f30b68cb9aed518484b3a1d tf2
xlnet                  zihangdai+xlnet                                  bbaa3a6fa0b3a2ee694e8cf66167434f9eca9660 heldout-new
albert                 google-research+albert                           b772393d3dae115b493258ce8e37c17b2cc62100 heldout-new
tf-faster-rcnn         endernewton+tf-faster-rcnn                       b4da911705925ec00e8359b76a2d7260f6d1d314 heldout-new
DCGAN-tensorflow       carpedm20+DCGAN-tensorflow                       62c9a2a7f74505cad30858bf40307c93e5bd9293 heldout-new
tensorflow_cookbook    nfmcclure+tensorflow_cookbook                    d998edfe7df11177df2ea17814be7bd6193788c9 heldout-new
improved-gan           openai+improved-gan                              4f5d1ec5c16a7eceb206f42bfc652693601e1d5c heldout-new
generative-models      hwalsuklee+tensorflow-generative-model-collections 3abde8a9bcfe31815da50347d14641ec95096f62 heldout-new
'

git_dir_of() {  # fetch leaves either repo/ (bare) or repo/.git
  if [ -d "$MIRROR/$1/repo/.git" ]; then echo "$MIRROR/$1/repo/.git"; else echo "$MIRROR/$1/repo"; fi
}

echo "$CORPUS" | while read -r name slug commit set; do
  [ -n "$name" ] || continue
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  gitdir=$(git_dir_of "$slug")
  rm -rf "${DEST:?}/$name" && mkdir -p "$DEST/$name"
  # Only sources and notebooks, through a throwaway index: snapshots lack files of 4 MiB and
  # more, which would stop a full checkout or archive.
  index=$(mktemp)
  GIT_INDEX_FILE=$index git --git-dir="$gitdir" read-tree "$commit"
  GIT_INDEX_FILE=$index git --git-dir="$gitdir" ls-files -z -- '*.py' '*.ipynb' \
    | GIT_INDEX_FILE=$index git --git-dir="$gitdir" --work-tree="$DEST/$name" checkout-index -z --stdin
  rm -f "$index"
  echo "$name ($set) $commit: $(find "$DEST/$name" -name '*.py' | wc -l) .py, $(find "$DEST/$name" -name '*.ipynb' | wc -l) .ipynb"
done
