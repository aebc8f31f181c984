# Shell Launcher v2 (Windows 10/11 IoT Enterprise or Enterprise): the kiosk user's shell becomes
# Civic Cabinet instead of Explorer, restarted by Windows whenever it exits (README "Windows").
# Run elevated, after turning on the feature:
#   Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
#   .\set-shell-launcher.ps1 -User kiosk
param(
  [Parameter(Mandatory = $true)][string]$User,
  [string]$App = "$env:ProgramFiles\Civic Cabinet\Civic Cabinet.exe"
)
$ErrorActionPreference = 'Stop'
$sid = (New-Object System.Security.Principal.NTAccount($User)).Translate([System.Security.Principal.SecurityIdentifier]).Value
$sl = [wmiclass]"\\.\root\standardcimv2\embedded:WESL_UserSetting"
# Everyone else keeps Explorer; the default action 0 restarts the shell.
$sl.SetDefaultShell("explorer.exe", 0) | Out-Null
# Action 0 = restart the shell when it exits (1 restarts the device, 2 shuts it down, 3 does nothing).
$sl.SetCustomShell($sid, $App, $null, $null, 0) | Out-Null
$sl.SetEnabled($true) | Out-Null
Write-Output "Shell Launcher: $User ($sid) now runs $App, restarted when it exits. Sign out and in as $User to check."
