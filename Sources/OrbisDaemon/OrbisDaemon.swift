// OrbisDaemon runs Orbis as a service: cron schedules, the inotify watch with its settle delay,
// the run queue, signals and systemd notifications. Filled by the daemon issue.
