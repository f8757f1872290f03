/**
 * Which userland an image ships, which decides the shell (`sh`), its dialect and the programs on
 * PATH. BusyBox images: busybox itself, Alpine and what is built FROM it (curlimages/curl, which
 * Istio's samples/sleep and samples/curl run, adds curl and runs as curl_user). Debian and Ubuntu
 * images (kennethreitz/httpbin is FROM ubuntu:18.04, python and node default tags are Debian):
 * dash as sh, bash, GNU coreutils. Distroless and scratch images have no shell at all.
 */
import { installed } from '../net/index.js';
import type { Dialect } from './errors.js';

export interface Userland {
  kind: 'busybox' | 'gnu';
  /** The image is known to hold nothing beyond the userland (and curl): other names are not found. */
  minimal: boolean;
  home: string;
  /** Variables the image's Dockerfile sets with ENV, besides PATH. */
  env: Readonly<Record<string, string>>;
}

const MINIMAL_BUSYBOX = /(^|\/)(busybox|alpine)(:|@|$)|(^|\/)(curlimages\/curl|governmentpaas\/curl-ssl)(:|@|$)/;
const ALPINE_TAG = /:[^/]*alpine[^/]*$/;
const GNU = /(^|\/)(debian|ubuntu)(:|@|$)|(^|\/)kennethreitz\/httpbin(:|@|$)|(^|\/)(python|node|nginx)(:|@|$)/;

export const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The userland of an image; `none` for distroless, undefined when the simulator does not know the image. */
export function userlandOf(image: string): Userland | 'none' | undefined {
  if (!installed(image, 'sh')) return 'none';
  if (/(^|\/)curlimages\/curl(:|@|$)/.test(image)) {
    // curl-docker's Dockerfile: adduser -S curl_user, USER curl_user, ENV CURL_CA_BUNDLE=/cacert.pem.
    return { kind: 'busybox', minimal: true, home: '/home/curl_user', env: { CURL_CA_BUNDLE: '/cacert.pem' } };
  }
  if (MINIMAL_BUSYBOX.test(image)) return { kind: 'busybox', minimal: true, home: '/root', env: {} };
  if (ALPINE_TAG.test(image)) return { kind: 'busybox', minimal: false, home: '/root', env: {} };
  if (GNU.test(image)) return { kind: 'gnu', minimal: false, home: '/root', env: {} };
  return undefined;
}

/** The shell a name starts, or undefined when the image has no such shell. */
export function shellFor(userland: Userland, name: string): Dialect | undefined {
  const base = name.split('/').pop();
  if (userland.kind === 'busybox') return base === 'sh' || base === 'ash' ? 'ash' : undefined;
  return base === 'sh' || base === 'dash' ? 'dash' : base === 'bash' ? 'bash' : undefined;
}

/** BusyBox applets Alpine enables that the simulated shell does not run: present, so refused (not "not found"). */
export const BUSYBOX_UNSIMULATED = new Set(
  (
    'awk sed find xargs base64 md5sum sha1sum sha256sum sha512sum od hexdump ' +
    'hd dd mkdir rmdir rm cp mv touch chmod chown chgrp ln basename dirname expr id whoami uname ps kill killall pkill ' +
    'pgrep pidof nslookup ping ping6 traceroute telnet ip ifconfig netstat route arp vi less more tee timeout watch ' +
    'nohup nproc uptime free df du mount umount stat readlink realpath xxd gzip gunzip zcat tar unzip bzip2 bunzip2 ' +
    'diff patch cmp which yes ' +
    'rev nl fold paste split tac shuf install mktemp sync strings clear reset top time usleep logger su login passwd ' +
    'ssl_client udhcpc crond crontab hwclock dmesg sysctl'
  ).split(' '),
);
