# The Windows counterpart of packaging/linux/civic-cabinet-loop.sh, for the Task Scheduler recipe
# (README "Windows"): start the kiosk, and start it again 5 s after it ends, whatever the reason
# (a crash, a restart requested from the console — exit 75, ADR 0012). Task Scheduler's own
# "restart on failure" only covers a task that fails to start, not an app that dies later.
# No watchdog: a hung app is not restarted (Shell Launcher v2 has the same limit).
param(
  [string]$App = "$env:ProgramFiles\Civic Cabinet\Civic Cabinet.exe",
  [int]$DelaySeconds = 5
)
while ($true) {
  $p = Start-Process -FilePath $App -PassThru -Wait
  Write-EventLog -LogName Application -Source "Civic Cabinet" -EventId 1000 -EntryType Warning -Message "Civic Cabinet exited with $($p.ExitCode); starting again in $DelaySeconds s" -ErrorAction SilentlyContinue
  Start-Sleep -Seconds $DelaySeconds
}
