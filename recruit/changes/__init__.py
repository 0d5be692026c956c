"""The change path: after publishing, every change ends in `notify.notify_changes`.

`told` records what each young person was last told about each interview (written whenever a
calendar message is queued); `notify` compares that with the schedule as it is now and queues
exactly the updates and cancellations owed; `preview` counts them before staff confirm.
"""
