import GradCore
