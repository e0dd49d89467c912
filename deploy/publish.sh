#!/usr/bin/env bash
# 书香政协: publish the built site to the office's own server over SSH, or switch back to the release before.
#
#   deploy/publish.sh configured        are the PUBLISH_* variables set? 0 yes; 1 no (says which to set: skip);
#                                       2 a value is wrong (says which)
#   deploy/publish.sh publish SITE_DIR  copy SITE_DIR into a new release folder, then switch to it (make publish)
#   deploy/publish.sh rollback          switch back to the release before the current one (make rollback)
#
# On the server, under PUBLISH_PATH (e.g. /srv/shuxiang):
#   releases/20261207-031500-1a2b3c4d/     one folder per publish (UTC time, commit); never changed once complete
#   current -> releases/20261207-031500-1a2b3c4d   the release nginx serves (deploy/nginx/shuxiang.conf)
# A publish uploads into releases/.partial-NAME/ (rsync, hard-linking every file that did not change from the
# current release, so only changed files travel and take space), renames it to releases/NAME, then points a new
# link at it and renames that link over `current`: rename(2) replaces `current` in one step, so every request is
# answered wholly from the old release or wholly from the new one. The last PUBLISH_KEEP releases are kept.
#
# Variables (set them as CI variables of the Git host, never in the repository):
#   PUBLISH_HOST, PUBLISH_USER, PUBLISH_PATH   the server, the account that owns PUBLISH_PATH, the folder
#   PUBLISH_SSH_KEY                            the text of that account's private key (no passphrase), or the
#                                              path of a file holding it (GitLab's variables of type 「文件」)
#   PUBLISH_PORT (22), PUBLISH_KEEP (5)        the SSH port; how many releases to keep (at least 2)
#   PUBLISH_KNOWN_HOSTS                        the server's line(s) of known_hosts (ssh-keyscan -p PORT HOST), or
#                                              a file of them; without it the server's key is accepted unchecked
#                                              (said on screen)
# The server needs bash, GNU coreutils (mv -T, readlink) and rsync; nothing else.
#
# Why a script and not a deploy tool: the whole job is rsync, one ssh call and a rename; Capistrano, Deployer or
# Ansible would bring a language runtime and a vocabulary of their own for those three steps.
set -euo pipefail

KEEP_DEFAULT=5
REQUIRED=(PUBLISH_HOST PUBLISH_USER PUBLISH_PATH PUBLISH_SSH_KEY)

say() { printf '%s\n' "$*"; }
fail() { say "发布失败：$*" >&2; exit 1; }

# --- The variables ------------------------------------------------------------------------------------------
configured() {
  local missing=() name
  for name in "${REQUIRED[@]}"; do
    [ -n "${!name:-}" ] || missing+=("$name")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "未发布：没有设置发布到本单位服务器所需的变量 ${missing[*]}。"
    say "  请在代码托管平台的 CI 变量（GitHub：Settings → Secrets and variables → Actions；"
    say "  GitLab：设置 → CI/CD → 变量）中设置 PUBLISH_HOST（服务器地址）、PUBLISH_USER（登录账号）、"
    say "  PUBLISH_PATH（网站目录，例如 /srv/shuxiang）、PUBLISH_SSH_KEY（该账号的 SSH 私钥全文），"
    say "  可选 PUBLISH_PORT（默认 22）、PUBLISH_KEEP（保留几个版本，默认 5）、PUBLISH_KNOWN_HOSTS（服务器公钥）。"
    say "  说明见 deploy/README.md「发布到本单位服务器」。本次跳过发布，不算失败。"
    return 1
  fi
  for name in PUBLISH_SSH_KEY PUBLISH_KNOWN_HOSTS; do   # a variable of type file holds the path, the text inside
    if [ -n "${!name:-}" ] && [ -f "${!name}" ] && [ -r "${!name}" ]; then
      printf -v "$name" '%s' "$(cat -- "${!name}")"
    fi
  done
  local wrong=()
  [[ "$PUBLISH_PATH" =~ ^/[A-Za-z0-9._/-]+$ && "$PUBLISH_PATH" != / && ! "$PUBLISH_PATH" =~ (^|/)\.\.?(/|$) ]] ||
    wrong+=("PUBLISH_PATH 应是服务器上的绝对路径，只含字母、数字和 . _ - /，例如 /srv/shuxiang（现在是「$PUBLISH_PATH」）")
  [[ "$PUBLISH_HOST" =~ ^[A-Za-z0-9.-]+$ ]] || wrong+=("PUBLISH_HOST 应是服务器的域名或 IPv4 地址（现在是「$PUBLISH_HOST」）")
  [[ "$PUBLISH_USER" =~ ^[A-Za-z0-9._][A-Za-z0-9._-]*$ ]] || wrong+=("PUBLISH_USER 应是登录账号名（现在是「$PUBLISH_USER」）")
  [[ "${PUBLISH_PORT:-22}" =~ ^[0-9]{1,5}$ ]] || wrong+=("PUBLISH_PORT 应是端口号，例如 22（现在是「$PUBLISH_PORT」）")
  [[ "${PUBLISH_KEEP:-$KEEP_DEFAULT}" =~ ^[0-9]+$ ]] && [ "${PUBLISH_KEEP:-$KEEP_DEFAULT}" -ge 2 ] ||
    wrong+=("PUBLISH_KEEP 应是不小于 2 的整数（至少留一个可以退回的版本；现在是「$PUBLISH_KEEP」）")
  [[ "$PUBLISH_SSH_KEY" == *"PRIVATE KEY"* ]] ||
    wrong+=("PUBLISH_SSH_KEY 应是 SSH 私钥的全文（以 -----BEGIN … PRIVATE KEY----- 开头）或存放私钥的文件，不是公钥")
  if [ ${#wrong[@]} -gt 0 ]; then
    say "发布变量有误，请在 CI 变量中改正：" >&2
    printf '  %s\n' "${wrong[@]}" >&2
    return 2
  fi
}

# --- SSH: one connection for the whole run, the key and known hosts in a private temporary folder ------------
connect() {
  TMP=$(mktemp -d)
  trap disconnect EXIT
  printf '%s\n' "$PUBLISH_SSH_KEY" | tr -d '\r' >"$TMP/key"   # CI variables may carry Windows line ends
  chmod 600 "$TMP/key"
  local checking=yes
  if [ -n "${PUBLISH_KNOWN_HOSTS:-}" ]; then
    printf '%s\n' "$PUBLISH_KNOWN_HOSTS" | tr -d '\r' >"$TMP/known_hosts"
  else
    checking=accept-new
    : >"$TMP/known_hosts"
    say "注意：没有设置 PUBLISH_KNOWN_HOSTS，这次不核对服务器公钥（可能连到冒充的服务器）。" >&2
    say "  在可信的电脑上运行 ssh-keyscan -p ${PUBLISH_PORT:-22} $PUBLISH_HOST，把输出设为该变量。" >&2
  fi
  SSH=(ssh -p "${PUBLISH_PORT:-22}" -i "$TMP/key" -o IdentitiesOnly=yes -o BatchMode=yes
    -o UserKnownHostsFile="$TMP/known_hosts" -o StrictHostKeyChecking="$checking" -o ConnectTimeout=20
    -o ControlMaster=auto -o ControlPath="$TMP/connection" -o ControlPersist=120 -o LogLevel=ERROR)
  TARGET="$PUBLISH_USER@$PUBLISH_HOST"
}

disconnect() {
  "${SSH[@]}" -O exit "$TARGET" 2>/dev/null || true
  rm -rf "$TMP"
}

# Runs a bash script on the server with arguments (all checked above: no quoting surprises).
remote() {
  local script=$1
  shift
  "${SSH[@]}" "$TARGET" bash -s -- "$@" <<<"$script"
}

# --- On the server ----------------------------------------------------------------------------------------------
# Prints the current release's name (empty when there is none yet); makes the folders; clears failed uploads.
REMOTE_PREPARE='set -eu
mkdir -p "$1/releases"
cd "$1"
rm -rf releases/.partial-*   # uploads that never finished (publishes run one at a time: see deploy/README.md)
link=$(readlink current 2>/dev/null || true)
echo "${link#releases/}"'

# Names the finished upload, switches `current` to it in one rename, removes all but the newest KEEP releases.
REMOTE_SWITCH='set -eu
cd "$1"
name=$2 keep=$3
test ! -e "releases/$name" || { echo "服务器上已有版本 $name（一秒内发布了两次？）" >&2; exit 1; }
mv -T "releases/.partial-$name" "releases/$name"
ln -sfn "releases/$name" ".current-$name"   # -f: a link left by a run that broke off
mv -T ".current-$name" current
current=$name
ls -1 releases | sort | head -n "-$keep" | while read -r old; do
  [ "$old" = "$current" ] || rm -rf "releases/$old"
done
ls -1 releases | wc -l'

# Switches `current` to the newest release older than the current one, in one rename.
REMOTE_ROLLBACK='set -eu
link=$(readlink "$1/current" 2>/dev/null) || { echo "服务器上还没有发布过（$1/current 不存在）" >&2; exit 1; }
cd "$1"
current=${link#releases/}
previous=$(ls -1 releases | sort | awk -v c="$current" '\''$0 < c'\'' | tail -n 1)
test -n "$previous" || { echo "没有比当前版本 $current 更早的版本可以退回（服务器上的版本：$(ls -1 releases | tr "\n" " ")）" >&2; exit 1; }
ln -sfn "releases/$previous" ".current-$previous"
mv -T ".current-$previous" current
echo "$current $previous"'

# --- The commands -------------------------------------------------------------------------------------------------
publish() {
  local site=${1:?用法：deploy/publish.sh publish SITE_DIR}
  site=${site%/}
  [ -f "$site/index.html" ] || fail "$site 里没有生成好的网站（缺少 index.html）：请先 make build"
  [ ! -e "$site/assets/stylesheets/preview.css" ] ||
    fail "$site 是合并请求的预览（make preview），不能发布为正式网站：请先 make build"
  local started commit name current count
  started=$(date +%s)
  commit=$(git rev-parse --short=8 HEAD 2>/dev/null || echo nogit)
  name="$(date -u +%Y%m%d-%H%M%S)-$commit"
  connect
  current=$(remote "$REMOTE_PREPARE" "$PUBLISH_PATH") || fail "无法连接服务器 $TARGET:${PUBLISH_PORT:-22} 或准备目录 $PUBLISH_PATH（见上面的信息）"
  local link_dest=()
  [ -z "$current" ] || link_dest=(--link-dest="../$current")
  # A build rewrites every file: --checksum compares content, and without -t (times) an unchanged file is hard-linked
  # to the current release with its old time, so nginx keeps its ETag and browsers their cached copy.
  rsync --recursive --links --perms --checksum --chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r "${link_dest[@]}" -e "${SSH[*]}" \
    "$site/" "$TARGET:$PUBLISH_PATH/releases/.partial-$name/" || fail "复制网站到服务器失败（见上面 rsync 的信息）"
  count=$(remote "$REMOTE_SWITCH" "$PUBLISH_PATH" "$name" "${PUBLISH_KEEP:-$KEEP_DEFAULT}") || fail "切换到新版本失败"
  say "已发布：$TARGET:$PUBLISH_PATH/current → releases/$name（用时 $(($(date +%s) - started)) 秒；服务器上保留 $count 个版本；发现问题可 make rollback 退回上一版）"
}

rollback() {
  local result
  connect
  result=$(remote "$REMOTE_ROLLBACK" "$PUBLISH_PATH") || { say "退回失败（见上面的信息）" >&2; exit 1; }
  say "已退回：$TARGET:$PUBLISH_PATH/current 从 ${result% *} 改为 ${result#* }（再次 make rollback 会退到更早的版本）"
}

case "${1:-}" in
  configured) configured ;;
  publish)
    configured || exit $(($? == 1 ? 0 : $?))
    publish "${2:-}"
    ;;
  rollback)
    configured || exit 1
    rollback
    ;;
  *)
    sed -n '2,7p' "$0"
    exit 2
    ;;
esac
