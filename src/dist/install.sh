#!/bin/sh
# Installs billctl from this unpacked release under PREFIX (default: ~/.local):
#   PREFIX/bin/billctl                                  the command
#   PREFIX/lib/billctl/billctl.jar                      what it runs (needs Java 17+)
#   PREFIX/share/man/man1/billctl*.1                    man billctl, man billctl-account-update, ...
#   PREFIX/share/bash-completion/completions/billctl    bash completion
#   PREFIX/share/zsh/site-functions/_billctl            zsh completion
#   PREFIX/share/fish/vendor_completions.d/billctl.fish fish completion
# Usage: ./install.sh [PREFIX]
set -eu

src=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-${PREFIX:-$HOME/.local}}
case $prefix in
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  /*) ;;
  *) prefix=$(pwd)/$prefix ;;
esac

for f in bin/billctl lib/billctl.jar completions/billctl.bash completions/_billctl completions/billctl.fish; do
  [ -f "$src/$f" ] || { echo "install.sh: $src/$f is missing: run install.sh from the unpacked release" >&2; exit 1; }
done

bindir=$prefix/bin
libdir=$prefix/lib/billctl
mandir=$prefix/share/man/man1
bashdir=$prefix/share/bash-completion/completions
zshdir=$prefix/share/zsh/site-functions
fishdir=$prefix/share/fish/vendor_completions.d

mkdir -p "$bindir" "$libdir" "$mandir" "$bashdir" "$zshdir" "$fishdir"
install -m 0644 "$src/lib/billctl.jar" "$libdir/billctl.jar"
install -m 0755 "$src/bin/billctl" "$bindir/billctl"
for page in "$src"/man/man1/*.1; do install -m 0644 "$page" "$mandir/"; done
install -m 0644 "$src/completions/billctl.bash" "$bashdir/billctl"
install -m 0644 "$src/completions/_billctl" "$zshdir/_billctl"
install -m 0644 "$src/completions/billctl.fish" "$fishdir/billctl.fish"

echo "installed billctl under $prefix:"
echo "  $bindir/billctl"
echo "  $libdir/billctl.jar"
echo "  $mandir/billctl.1 and $(($(ls "$mandir"/billctl*.1 | wc -l) - 1)) more man pages"
echo "  $bashdir/billctl"
echo "  $zshdir/_billctl"
echo "  $fishdir/billctl.fish"

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
if [ "$fish_finds" = no ]; then
  echo
  echo "fish completion: add to ~/.config/fish/config.fish:"
  echo "  set -p fish_complete_path \"$fishdir\""
fi
