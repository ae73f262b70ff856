import GradCore
print("gradrepl")
