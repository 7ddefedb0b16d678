#!/bin/sh
# Installs billctl from this unpacked release under PREFIX (default: ~/.local):
#   PREFIX/bin/billctl                                  the command
#   PREFIX/lib/billctl/billctl.jar                      what it runs (needs Java 17+)
#   PREFIX/lib/billctl/install.sh                       this script, for --uninstall
#   PREFIX/share/man/man1/billctl*.1                    man billctl, man billctl-account-update, ...
#   PREFIX/share/bash-completion/completions/billctl    bash completion
#   PREFIX/share/zsh/site-functions/_billctl            zsh completion
#   PREFIX/share/fish/vendor_completions.d/billctl.fish fish completion (when the release has it)
# Usage: ./install.sh [PREFIX]
#        ./install.sh --uninstall [PREFIX]   removes exactly those files (and this user's cached
#                                            class-data archives of that install); keeps the config,
#                                            cached logins and sandbox state
set -eu

src=$(cd "$(dirname "$0")" && pwd)
uninstall=false
case ${1:-} in
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --uninstall) uninstall=true; shift ;;
  -*) echo "install.sh: unknown option $1 (see install.sh --help)" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "install.sh: one PREFIX at most (see install.sh --help)" >&2; exit 2; }
default_prefix=${PREFIX:-$HOME/.local}
# The copy installed as PREFIX/lib/billctl/install.sh knows its prefix.
case $src in */lib/billctl) [ -f "$src/billctl.jar" ] && default_prefix=${src%/lib/billctl} ;; esac
prefix=${1:-$default_prefix}
case $prefix in
  /*) ;;
  *) prefix=$(pwd)/$prefix ;;
esac

bindir=$prefix/bin
libdir=$prefix/lib/billctl
mandir=$prefix/share/man/man1
bashdir=$prefix/share/bash-completion/completions
zshdir=$prefix/share/zsh/site-functions
fishdir=$prefix/share/fish/vendor_completions.d

if $uninstall; then
  if [ ! -f "$libdir/billctl.jar" ] && [ ! -f "$bindir/billctl" ]; then
    echo "install.sh: billctl is not installed under $prefix (no $libdir/billctl.jar)" >&2
    exit 1
  fi
  # Only billctl's own launcher: a PREFIX/bin/billctl of something else is left alone.
  if [ -f "$bindir/billctl" ] && ! grep -q 'billctl launcher' "$bindir/billctl" 2>/dev/null; then
    echo "install.sh: $bindir/billctl is not billctl's launcher; left as it is" >&2
    launcher=
  else
    launcher=$bindir/billctl
  fi
  # The class-data archives the launcher built for this install's jar, in this user's cache.
  cds_dir=${XDG_CACHE_HOME:-$HOME/.cache}/billctl/cds
  jar_id=$(readlink -f "$libdir/billctl.jar" 2>/dev/null || echo "$libdir/billctl.jar")
  jar_id=$(printf %s "${jar_id#/}" | tr -c 'A-Za-z0-9._-' '_')
  removed=0
  for f in $launcher "$libdir/billctl.jar" "$libdir/install.sh" "$mandir"/billctl.1 "$mandir"/billctl-*.1 \
           "$bashdir/billctl" "$zshdir/_billctl" "$fishdir/billctl.fish" "$cds_dir/$jar_id"-*.jsa; do
    if [ -f "$f" ]; then
      rm -f "$f"
      echo "removed $f"
      removed=$((removed + 1))
    fi
  done
  rmdir "$libdir" 2>/dev/null || true
  echo "uninstalled billctl from $prefix ($removed files)."
  echo "Kept: the config (${XDG_CONFIG_HOME:-$HOME/.config}/billctl), cached logins (${XDG_CACHE_HOME:-$HOME/.cache}/billctl)"
  echo "and the sandbox's state (${XDG_DATA_HOME:-$HOME/.local/share}/billctl); remove those directories to forget them too."
  exit 0
fi

for f in bin/billctl lib/billctl.jar completions/billctl.bash completions/_billctl; do
  [ -f "$src/$f" ] || { echo "install.sh: $src/$f is missing: run install.sh from the unpacked release" >&2; exit 1; }
done

mkdir -p "$bindir" "$libdir" "$mandir" "$bashdir" "$zshdir"
install -m 0644 "$src/lib/billctl.jar" "$libdir/billctl.jar"
install -m 0755 "$src/install.sh" "$libdir/install.sh"
install -m 0755 "$src/bin/billctl" "$bindir/billctl"
for page in "$src"/man/man1/*.1; do install -m 0644 "$page" "$mandir/"; done
install -m 0644 "$src/completions/billctl.bash" "$bashdir/billctl"
install -m 0644 "$src/completions/_billctl" "$zshdir/_billctl"
fish=
if [ -f "$src/completions/billctl.fish" ]; then
  mkdir -p "$fishdir"
  install -m 0644 "$src/completions/billctl.fish" "$fishdir/billctl.fish"
  fish=$fishdir/billctl.fish
fi

echo "installed billctl under $prefix:"
echo "  $bindir/billctl"
echo "  $libdir/billctl.jar"
echo "  $mandir/billctl.1 and $(($(ls "$mandir"/billctl*.1 | wc -l) - 1)) more man pages"
echo "  $bashdir/billctl"
echo "  $zshdir/_billctl"
[ -z "$fish" ] || echo "  $fish"
echo "(uninstall with: $libdir/install.sh --uninstall)"

if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo
  echo "note: billctl needs Java 17 or later, and no java is on PATH."
fi

case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo
     echo "$bindir is not on your PATH; add to your shell's profile:"
     echo "  export PATH=\"$bindir:\$PATH\"" ;;
esac

if ! (man -w billctl 2>/dev/null | grep -q "^$mandir/"); then
  echo
  echo "If 'man billctl' does not find the pages, add to your shell's profile:"
  echo "  export MANPATH=\"$prefix/share/man:\$MANPATH\""
fi

case $prefix in
  "$HOME/.local"|/usr/local|/usr) ;;
  *) echo
     echo "bash completion: bash-completion 2.11 and older look only under ~/.local/share, /usr/local/share"
     echo "and /usr/share; add to ~/.bashrc:"
     echo "  source \"$bashdir/billctl\"" ;;
esac
echo
echo "zsh completion: add to ~/.zshrc, before compinit:"
echo "  fpath=(\"$zshdir\" \$fpath)"
# fish reads vendors' completions under ${XDG_DATA_HOME:-~/.local/share}/fish and /usr/local/share/fish, /usr/share/fish.
fish_finds=no
case $prefix in
  /usr/local|/usr) fish_finds=yes ;;
  "$HOME/.local") [ "${XDG_DATA_HOME:-$HOME/.local/share}" = "$HOME/.local/share" ] && fish_finds=yes ;;
esac
if [ -n "$fish" ] && [ "$fish_finds" = no ]; then
  echo
  echo "fish completion: add to ~/.config/fish/config.fish:"
  echo "  set -p fish_complete_path \"$fishdir\""
fi
